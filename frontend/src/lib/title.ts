/**
 * The tab title: the screen's own title, prefixed with the unread notification count ("(3) …")
 * so a background tab shows there is something new.
 */
let base = '';
let count = 0;

function render() {
  document.title = count > 0 ? `(${count > 99 ? '99+' : count}) ${base}` : base;
}

export function setTitleBase(title: string) {
  base = title;
  render();
}

export function setTitleCount(unread: number) {
  count = unread;
  render();
}
