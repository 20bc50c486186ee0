import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '@/components/status';
import { formatNumber } from '@/lib/format';
import type { Stats } from '@/lib/api/types';
import { useStats } from '../api/stats';

export function StatsView() {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState(14);
  const stats = useStats(days);
  if (stats.isPending) return <Loading />;
  if (stats.isError) return <ErrorState error={stats.error} onRetry={() => stats.refetch()} />;
  const s = stats.data;
  const tiles: [string, number][] = [
    [t('admin.stats.users'), s.users], [t('admin.stats.activeUsers'), s.active_users], [t('admin.stats.posts'), s.posts],
    [t('admin.stats.comments'), s.comments], [t('admin.stats.uploads'), s.uploads],
  ];
  return (
    <div className="stack">
      <ul className="stat-tiles">
        {tiles.map(([label, value]) => (
          <li key={label} className="stat-tile"><span className="stat-tile__value">{formatNumber(value, i18n.language)}</span><span className="stat-tile__label">{label}</span></li>
        ))}
      </ul>
      <section className="card" aria-labelledby="dau-title">
        <div className="card__head">
          <h2 id="dau-title" className="section-title">{t('admin.stats.dailyActive')}</h2>
          <label className="inline-field">
            <span>{t('admin.stats.period')}</span>
            <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {[7, 14, 30].map((d) => <option key={d} value={d}>{t('admin.stats.days', { count: d })}</option>)}
            </select>
          </label>
        </div>
        <BarChart data={s.daily_active} label={t('admin.stats.dailyActive')} />
      </section>
    </div>
  );
}

/** A dependency-free SVG bar chart; the table fallback keeps the numbers accessible. */
export function BarChart({ data, label }: { data: Stats['daily_active']; label: string }) {
  const { i18n } = useTranslation();
  const max = Math.max(1, ...data.map((d) => d.count));
  const width = 600;
  const height = 180;
  const gap = 4;
  const bar = data.length ? (width - gap * (data.length - 1)) / data.length : 0;
  const day = (date: string) => new Intl.DateTimeFormat(i18n.language === 'ko' ? 'ko-KR' : 'en-US', { month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label={label} preserveAspectRatio="none">
        {data.map((d, i) => {
          const h = Math.round((d.count / max) * (height - 16));
          const x = i * (bar + gap);
          return (
            <g key={d.date}>
              <rect x={x} y={height - h} width={bar} height={h} rx={3} className="chart__bar"><title>{`${day(d.date)}: ${d.count}`}</title></rect>
              {d.count > 0 && <text x={x + bar / 2} y={height - h - 4} textAnchor="middle" className="chart__value">{d.count}</text>}
            </g>
          );
        })}
        <line x1={0} y1={height} x2={width} y2={height} className="chart__axis" />
        {data.length > 0 && <text x={0} y={height + 16} className="chart__label">{day(data[0].date)}</text>}
        {data.length > 1 && <text x={width} y={height + 16} textAnchor="end" className="chart__label">{day(data[data.length - 1].date)}</text>}
      </svg>
      <table className="visually-hidden">
        <tbody>{data.map((d) => <tr key={d.date}><th scope="row">{d.date}</th><td>{d.count}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}
