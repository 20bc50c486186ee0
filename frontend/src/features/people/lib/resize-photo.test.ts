import { centreSquare } from './resize-photo';

describe('centreSquare', () => {
  it.each([
    [1200, 800, { sx: 200, sy: 0, side: 800 }],
    [800, 1200, { sx: 0, sy: 200, side: 800 }],
    [300, 300, { sx: 0, sy: 0, side: 300 }],
    [5, 2, { sx: 1, sy: 0, side: 2 }],
  ])('%i × %i keeps the middle square', (width, height, expected) => {
    expect(centreSquare(width, height)).toEqual(expected);
  });
});
