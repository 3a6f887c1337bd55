import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { getSite, siteOrigin } from "@/lib/site";
import { AccountMenu } from "./account-menu";
import { SearchBox } from "./search/search-box";
import "./globals.css";

// Every page reads the database at request time; nothing is prerendered at build.
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const site = getSite();
  return {
    // Absolute URLs in Open Graph and canonical links: the configured address, else the one the reader used.
    metadataBase: new URL(siteOrigin(await headers())),
    title: { default: site.name, template: `%s · ${site.name}` },
    description: site.description,
    applicationName: site.name,
    ...(site.author ? { authors: [{ name: site.author, ...(site.homeUrl ? { url: site.homeUrl } : {}) }] } : {}),
    alternates: { types: { "application/atom+xml": [{ url: "/feed.xml", title: `${site.name}: new issues` }] } },
    openGraph: { siteName: site.name, type: "website", locale: "en" },
    twitter: { card: "summary" },
  };
}

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fbfaf7" },
    { media: "(prefers-color-scheme: dark)", color: "#16181d" },
  ],
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  const site = getSite();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="site-header__inner">
            <Link href="/" className="site-title">
              {site.name}
            </Link>
            <nav aria-label="Main">
              <ul className="site-nav">
                <li>
                  <Link href="/issues">Issues</Link>
                </li>
                <li>
                  <Link href="/concepts">Concepts</Link>
                </li>
                {site.subscribeUrl && (
                  <li>
                    <a href={site.subscribeUrl} rel="noopener">
                      Subscribe
                    </a>
                  </li>
                )}
              </ul>
            </nav>
            <div className="site-header__end">
              <SearchBox />
              <AccountMenu />
            </div>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>
            {site.name}
            {site.author ? ` by ${site.author}` : ""} — {site.description}
          </p>
          <ul className="site-footer__links">
            {site.homeUrl && (
              <li>
                <a href={site.homeUrl} rel="noopener">
                  The newsletter
                </a>
              </li>
            )}
            {site.subscribeUrl && (
              <li>
                <a href={site.subscribeUrl} rel="noopener">
                  Subscribe
                </a>
              </li>
            )}
            <li>
              <a href="/feed.xml" type="application/atom+xml">
                Atom feed
              </a>
            </li>
          </ul>
        </footer>
      </body>
    </html>
  );
}
