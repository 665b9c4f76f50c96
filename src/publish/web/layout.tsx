import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import type { PublishContext } from "../context.js";
import { STYLESHEET_PATH } from "./stylesheet.js";
import { ACCOUNT_SLOT } from "../auth/slot.js";

/** A feed advertised in a page's head. */
export interface FeedLink {
  type: "application/rss+xml" | "application/atom+xml" | "application/feed+json";
  title: string;
  href: string;
}

/** The site-wide feeds, plus a section's own feeds when `section` is given. */
export function feedLinks(ctx: PublishContext, section?: { name: string; slug: string }): FeedLink[] {
  const links: FeedLink[] = [
    { type: "application/rss+xml", title: `${ctx.siteName} (RSS)`, href: `${ctx.baseUrl}/feeds/rss.xml` },
    { type: "application/atom+xml", title: `${ctx.siteName} (Atom)`, href: `${ctx.baseUrl}/feeds/atom.xml` },
    { type: "application/feed+json", title: `${ctx.siteName} (JSON Feed)`, href: `${ctx.baseUrl}/feeds/feed.json` },
  ];
  if (section) {
    const base = `${ctx.baseUrl}/sections/${encodeURIComponent(section.slug)}`;
    links.push(
      { type: "application/rss+xml", title: `${section.name} — ${ctx.siteName} (RSS)`, href: `${base}/rss.xml` },
      { type: "application/atom+xml", title: `${section.name} — ${ctx.siteName} (Atom)`, href: `${base}/atom.xml` },
      { type: "application/feed+json", title: `${section.name} — ${ctx.siteName} (JSON Feed)`, href: `${base}/feed.json` },
    );
  }
  return links;
}

interface LayoutProps {
  ctx: PublishContext;
  title: string;
  /** Canonical path of the page (site-relative), when it has one. */
  canonical?: string;
  description?: string;
  feeds?: FeedLink[];
  /** Do not let search engines index this page (search results, error pages). */
  noindex?: boolean;
  children: ComponentChildren;
}

function Layout(p: LayoutProps) {
  const feeds = p.feeds ?? feedLinks(p.ctx);
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{p.title === p.ctx.siteName ? p.title : `${p.title} — ${p.ctx.siteName}`}</title>
        {p.description ? <meta name="description" content={p.description} /> : null}
        {p.noindex ? <meta name="robots" content="noindex" /> : null}
        {p.canonical ? <link rel="canonical" href={`${p.ctx.baseUrl}${p.canonical}`} /> : null}
        {feeds.map((f) => (
          <link rel="alternate" type={f.type} title={f.title} href={f.href} />
        ))}
        <meta name="color-scheme" content="light dark" />
        <link rel="stylesheet" href={STYLESHEET_PATH} />
      </head>
      <body>
        <a class="skip" href="#main">Skip to main content</a>
        <header class="site">
          <div class="wrap">
            <a class="brand" href="/">{p.ctx.siteName}</a>
            <nav class="site" aria-label="Site">
              <ul>
                <li><a href="/">Latest</a></li>
                <li><a href="/search">Search</a></li>
                <li><a href="/#sections">Sections</a></li>
                <li><a href="/topics">Topics</a></li>
                <li><a href="/questioners">Questioners</a></li>
                <li><a href="/outlets">Outlets</a></li>
                <li><a href="/briefings">Briefings</a></li>
                <li><a href="/feeds/rss.xml">Feeds</a></li>
                {/* Filled per response by the auth plugin: "Sign in", or "NAME (role) · Sign out". */}
                <li class="account-slot" dangerouslySetInnerHTML={{ __html: ACCOUNT_SLOT }} />
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {p.children}
        </main>
        <footer class="site">
          <div class="wrap">
            <p>
              Feeds: <a href="/feeds/rss.xml">RSS</a> · <a href="/feeds/atom.xml">Atom</a> · <a href="/feeds/feed.json">JSON Feed</a> ·{" "}
              API: <a href="/api/v1/openapi.json">OpenAPI</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** Render a full HTML document (doctype included) around `children`. */
export function renderPage(props: Omit<LayoutProps, "children">, children: ComponentChildren): string {
  return "<!doctype html>" + renderToString(<Layout {...props}>{children}</Layout>);
}
