import { render, screen } from '@testing-library/react';
import { BarChart } from './stats-view';

describe('BarChart', () => {
  it('draws one bar per day, scaled to the busiest day, with an accessible table', () => {
    const data = [
      { date: '2024-05-01', count: 2 },
      { date: '2024-05-02', count: 8 },
      { date: '2024-05-03', count: 0 },
    ];
    const { container } = render(<BarChart data={data} label="일별 활성 사용자" />);
    expect(screen.getByRole('img', { name: '일별 활성 사용자' })).toBeInTheDocument();
    const heights = [...container.querySelectorAll('rect')].map((r) => Number(r.getAttribute('height')));
    expect(heights).toHaveLength(3);
    expect(heights[1]).toBeGreaterThan(heights[0]);
    expect(heights[2]).toBe(0);
    expect(screen.getByRole('rowheader', { name: '2024-05-02' })).toBeInTheDocument();
  });
});
