/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-chart"

#include "config.h"


#include "mutual-chart-private.h"

/* The fixed palettes: light for exports, light and dark for tests and
 * for the window until it takes the theme's colours. */

static void
rgba (MutualRgba *c,
      guint32     hex,
      double      alpha)
{
  c->red = ((hex >> 16) & 0xff) / 255.0;
  c->green = ((hex >> 8) & 0xff) / 255.0;
  c->blue = (hex & 0xff) / 255.0;
  c->alpha = alpha;
}

void
mutual_chart_palette_init_light (MutualChartPalette *p)
{
  /* GNOME's palette (the HIG colours) on Adwaita's light window. */
  rgba (&p->background, 0xffffff, 1);
  rgba (&p->foreground, 0x1e1e1e, 1);
  rgba (&p->dim, 0x5e5c64, 1);
  rgba (&p->grid, 0x000000, 0.08);
  rgba (&p->zero, 0x000000, 0.45);
  rgba (&p->given, 0xc64600, 1);       /* orange 6: as text too, 4.5:1 on white */
  rgba (&p->received, 0x1c71d8, 1);    /* blue 4 */
  rgba (&p->positive, 0x26a269, 1);    /* green 5 */
  rgba (&p->negative, 0xc01c28, 1);    /* red 4 */
  rgba (&p->partnership, 0x9141ac, 0.09);  /* purple 3 */
  rgba (&p->hover, 0x3d3846, 0.8);
  rgba (&p->tooltip, 0xffffff, 0.96);
}

void
mutual_chart_palette_init_dark (MutualChartPalette *p)
{
  rgba (&p->background, 0x1e1e1e, 1);
  rgba (&p->foreground, 0xffffff, 1);
  rgba (&p->dim, 0xc0bfbc, 1);
  rgba (&p->grid, 0xffffff, 0.09);
  rgba (&p->zero, 0xffffff, 0.5);
  rgba (&p->given, 0xffa348, 1);       /* orange 2 */
  rgba (&p->received, 0x62a0ea, 1);    /* blue 2 */
  rgba (&p->positive, 0x57e389, 1);    /* green 2 */
  rgba (&p->negative, 0xff7b63, 1);
  rgba (&p->partnership, 0xdc8add, 0.12);  /* purple 1 */
  rgba (&p->hover, 0xffffff, 0.8);
  rgba (&p->tooltip, 0x303030, 0.96);
}
