/**
 * XSLT 1.0 that turns an RSS or Atom feed into a readable page when someone opens it in a
 * browser. It shows plain text only — headlines, dates, bylines, deks — and never copies HTML
 * from the feed into the page (no `disable-output-escaping`), so a feed cannot script it.
 * RSS descriptions hold HTML-escaped text; the `unescape` template turns them back into text.
 */
export const FEED_XSL = `<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:media="http://search.yahoo.com/mrss/"
  exclude-result-prefixes="atom dc media">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <html lang="{/rss/channel/language | /atom:feed/@xml:lang}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="/rss/channel/title | /atom:feed/atom:title"/></title>
        <style>
          :root { color-scheme: light dark; --muted: #5f6368; --line: #dadce0; --accent: #0b57d0; }
          body { font: 17px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
                 max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
          .notice { background: #fef7e0; color: #3c4043; border-radius: 8px; padding: .8rem 1rem;
                    font-size: .95rem; margin: 0 0 1.75rem; }
          h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .4rem; }
          .subtitle { color: var(--muted); margin: 0 0 .4rem; }
          article { display: flex; gap: 1rem; border-top: 1px solid var(--line); padding: 1.1rem 0; }
          article img { width: 112px; height: 84px; object-fit: cover; border-radius: 6px; flex: none; }
          h2 { font-size: 1.2rem; line-height: 1.3; margin: 0 0 .25rem; }
          a { color: var(--accent); text-decoration: none; }
          a:hover { text-decoration: underline; }
          .meta { color: var(--muted); font-size: .85rem; margin: 0 0 .35rem; }
          .dek { margin: 0; }
          @media (prefers-color-scheme: dark) {
            :root { --muted: #9aa0a6; --line: #3c4043; --accent: #8ab4f8; }
            .notice { background: #3c3a2e; color: #e8eaed; }
          }
        </style>
      </head>
      <body>
        <p class="notice">This is a news feed. To follow it, copy this page's address into
          your feed reader.</p>
        <h1><xsl:value-of select="/rss/channel/title | /atom:feed/atom:title"/></h1>
        <p class="subtitle">
          <xsl:value-of select="/rss/channel/description | /atom:feed/atom:subtitle"/>
        </p>
        <p class="meta">
          <a href="{/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href}">Visit the
            website</a>
        </p>
        <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
        <xsl:if test="not(/rss/channel/item | /atom:feed/atom:entry)">
          <p class="meta">No stories yet.</p>
        </xsl:if>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <article>
      <xsl:if test="media:thumbnail/@url">
        <img src="{media:thumbnail/@url}" alt="" loading="lazy"/>
      </xsl:if>
      <div>
        <h2><xsl:call-template name="headline">
          <xsl:with-param name="href" select="link"/>
          <xsl:with-param name="text" select="title"/>
        </xsl:call-template></h2>
        <p class="meta">
          <xsl:value-of select="substring(pubDate, 1, 22)"/> UTC
          <xsl:for-each select="dc:creator"> · <xsl:value-of select="."/></xsl:for-each>
        </p>
        <p class="dek"><xsl:call-template name="unescape">
          <xsl:with-param name="text" select="description"/>
        </xsl:call-template></p>
      </div>
    </article>
  </xsl:template>

  <xsl:template match="atom:entry">
    <article>
      <xsl:if test="atom:link[@rel='enclosure']/@href">
        <img src="{atom:link[@rel='enclosure']/@href}" alt="" loading="lazy"/>
      </xsl:if>
      <div>
        <h2><xsl:call-template name="headline">
          <xsl:with-param name="href" select="atom:link[@rel='alternate']/@href"/>
          <xsl:with-param name="text" select="atom:title"/>
        </xsl:call-template></h2>
        <p class="meta">
          <xsl:value-of select="concat(substring(atom:published, 1, 10), ' ',
            substring(atom:published, 12, 5))"/> UTC
          <xsl:for-each select="atom:author"> · <xsl:value-of select="atom:name"/></xsl:for-each>
        </p>
        <p class="dek"><xsl:value-of select="atom:summary"/></p>
      </div>
    </article>
  </xsl:template>

  <xsl:template name="headline">
    <xsl:param name="href"/>
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="starts-with($href, 'https://') or starts-with($href, 'http://')">
        <a href="{$href}"><xsl:value-of select="$text"/></a>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="unescape">
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="contains($text, '&amp;')">
        <xsl:value-of select="substring-before($text, '&amp;')"/>
        <xsl:variable name="rest" select="substring-after($text, '&amp;')"/>
        <xsl:choose>
          <xsl:when test="starts-with($rest, 'lt;')">&lt;<xsl:call-template name="unescape">
            <xsl:with-param name="text" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, 'gt;')">&gt;<xsl:call-template name="unescape">
            <xsl:with-param name="text" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($rest, 'amp;')">&amp;<xsl:call-template name="unescape">
            <xsl:with-param name="text" select="substring($rest, 5)"/></xsl:call-template></xsl:when>
          <xsl:otherwise>&amp;<xsl:call-template name="unescape">
            <xsl:with-param name="text" select="$rest"/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
`;
