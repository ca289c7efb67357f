import uPlot from 'uplot';
import { palette, type Palette } from './theme';

/** A chart: its uPlot options for a theme and its current data. `data` is read again on every `refresh`. */
export interface ChartSpec {
  height: number;
  options(p: Palette): Omit<uPlot.Options, 'width' | 'height'>;
  data(): uPlot.AlignedData;
  /** Label for screen readers: what the chart shows, in words. */
  label: string;
}

interface Mounted {
  el: HTMLElement;
  spec: ChartSpec;
  plot: uPlot | null;
}

/**
 * Owns every chart of a page: creates them at their container's width, resizes them with it, rebuilds
 * them when the theme changes (colours are baked into uPlot's options) and refreshes data for live runs.
 */
export class Charts {
  private readonly mounted: Mounted[] = [];
  private readonly resize = new ResizeObserver((entries) => {
    for (const e of entries) {
      const m = this.mounted.find((x) => x.el === e.target);
      const width = Math.floor(e.contentRect.width);
      if (!m || width <= 0) continue;
      // Created on first layout, at the width the page gives it (a detached element has none).
      if (!m.plot) this.create(m, palette(), width);
      else if (width !== m.plot.width) m.plot.setSize({ width, height: m.spec.height });
    }
  });

  mount(el: HTMLElement, spec: ChartSpec): void {
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', spec.label);
    this.mounted.push({ el, spec, plot: null });
    this.resize.observe(el);
  }

  /** The chart drawn in `el`, once it has been laid out. */
  plotOf(el: HTMLElement): uPlot | null {
    return this.mounted.find((m) => m.el === el)?.plot ?? null;
  }

  /** Re-reads every chart's data (live updates). */
  refresh(): void {
    for (const m of this.mounted) m.plot?.setData(m.spec.data());
  }

  /** Rebuilds every chart with the current theme's colours. */
  retheme(): void {
    const p = palette();
    for (const m of this.mounted) {
      if (!m.plot) continue;
      const width = m.plot.width;
      m.plot.destroy();
      this.create(m, p, width);
    }
  }

  /** Removes every chart (the page is being replaced). */
  clear(): void {
    for (const m of this.mounted) {
      m.plot?.destroy();
      this.resize.unobserve(m.el);
    }
    this.mounted.length = 0;
  }

  private create(m: Mounted, p: Palette, width: number): void {
    m.plot = new uPlot({ ...m.spec.options(p), width, height: m.spec.height }, m.spec.data(), m.el);
  }
}

/** Axis defaults in the theme's colours. */
export function axis(p: Palette, extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: p.muted,
    font: p.font,
    labelFont: p.font,
    grid: { stroke: p.grid, width: 1 },
    ticks: { stroke: p.grid, width: 1 },
    ...extra,
  };
}

/** Draws on the plot's canvas inside its plotting area, in canvas pixels, restoring the context after. */
export function drawInPlot(
  u: uPlot,
  draw: (ctx: CanvasRenderingContext2D, box: { left: number; top: number; width: number; height: number }) => void,
): void {
  const ctx = u.ctx;
  ctx.save();
  draw(ctx, u.bbox);
  ctx.restore();
}
