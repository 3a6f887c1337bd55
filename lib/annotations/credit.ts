/** How an annotation or reply whose reader deleted their account is credited (server views and the page's own update alike). */
export const FORMER_READER = "A former reader";
