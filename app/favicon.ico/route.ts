// GET /favicon.ico — browsers and crawlers ask for it by that name; the icon is an SVG.
export function GET(request: Request): Response {
  return Response.redirect(new URL("/icon.svg", request.url), 301);
}
