// A live line chart drawn on a <canvas>: a few series over the last few minutes, each on the
// same y axis from 0 to its largest value. The canvas's data-points attribute says how many
// points were drawn (for people and tests alike).
export class LiveChart {
  // series: [{name, color}]
  constructor(canvas, series, windowSeconds = 300) {
    this.canvas = canvas;
    this.series = series;
    this.windowMs = windowSeconds * 1000;
    this.samples = []; // {t, values: [..]}
    canvas.dataset.points = '0';
  }

  add(t, values) {
    this.samples.push({ t, values });
    const from = t - this.windowMs;
    while (this.samples.length > 2 && this.samples[0].t < from) this.samples.shift();
    this.draw();
  }

  draw() {
    const c = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = c.clientWidth || 600;
    const height = c.clientHeight || 220;
    if (c.width !== width * ratio || c.height !== height * ratio) {
      c.width = width * ratio;
      c.height = height * ratio;
    }
    const g = c.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const left = 44;
    const right = 10;
    const top = 24;
    const bottom = 22;
    const w = width - left - right;
    const hgt = height - top - bottom;

    const now = this.samples.length ? this.samples[this.samples.length - 1].t : Date.now();
    const t0 = now - this.windowMs;
    let max = 1;
    for (const s of this.samples) for (const v of s.values) if (v > max) max = v;
    // Four grid steps of a round size, so every label is a whole number.
    max = 4 * niceCeiling(max / 4);

    // Axes and grid.
    g.strokeStyle = '#d0d4da';
    g.fillStyle = '#5b6470';
    g.font = '11px system-ui, sans-serif';
    g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const y = top + hgt - (hgt * i) / 4;
      g.beginPath();
      g.moveTo(left, y);
      g.lineTo(left + w, y);
      g.stroke();
      g.fillText(String(Math.round((max * i) / 4)), 4, y + 4);
    }
    g.fillText(`${Math.round(this.windowMs / 60000)} min`, left, height - 6);
    g.fillText('now', left + w - 22, height - 6);

    // Legend.
    let x = left;
    for (const s of this.series) {
      g.fillStyle = s.color;
      g.fillRect(x, 8, 10, 10);
      g.fillStyle = '#1f2933';
      g.fillText(s.name, x + 14, 17);
      x += g.measureText(s.name).width + 34;
    }

    // Series.
    let points = 0;
    this.series.forEach((s, i) => {
      g.strokeStyle = s.color;
      g.lineWidth = 2;
      g.beginPath();
      let started = false;
      for (const sample of this.samples) {
        const px = left + (w * (sample.t - t0)) / this.windowMs;
        const py = top + hgt - (hgt * sample.values[i]) / max;
        if (started) g.lineTo(px, py);
        else g.moveTo(px, py);
        started = true;
        points++;
      }
      g.stroke();
      // A dot on the latest value, so a single sample shows too.
      const last = this.samples[this.samples.length - 1];
      if (last) {
        g.fillStyle = s.color;
        g.beginPath();
        g.arc(left + w, top + hgt - (hgt * last.values[i]) / max, 3, 0, 2 * Math.PI);
        g.fill();
      }
    });
    c.dataset.points = String(points);
    c.setAttribute(
      'aria-label',
      this.series.map((s, i) => `${s.name}: ${this.samples.length ? this.samples[this.samples.length - 1].values[i] : 0}`).join(', ')
    );
  }
}

function niceCeiling(v) {
  if (v <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}
