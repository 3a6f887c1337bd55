import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { AccountMenu } from "./account-menu";
import { SearchBox } from "./search/search-box";
import "./globals.css";

// Every page reads the database at request time; nothing is prerendered at build.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Concordance", template: "%s · Concordance" },
  description: "Search the ideas and the issues of a long-running newsletter.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fbfaf7" },
    { media: "(prefers-color-scheme: dark)", color: "#16181d" },
  ],
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="site-header__inner">
            <Link href="/" className="site-title">
              Concordance
            </Link>
            <nav aria-label="Main">
              <ul className="site-nav">
                <li>
                  <Link href="/issues">Issues</Link>
                </li>
                <li>
                  <Link href="/concepts">Concepts</Link>
                </li>
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
          <p>Concordance — a searchable knowledge base for a long-running newsletter.</p>
        </footer>
      </body>
    </html>
  );
}
