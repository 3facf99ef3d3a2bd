// The page's router: /, /runs/{runId} and /compare are one page; links marked data-nav change the
// view without reloading it, and the browser's back button works.
import {compareView} from './views/compare.js';
import {runList} from './views/runList.js';
import {runPage} from './views/runPage.js';

const root = document.getElementById('app');
let closeView = () => {};

function route() {
  closeView();
  const path = location.pathname;
  const run = path.match(/^\/runs\/([^/]+)$/);
  if (run) {
    const runId = decodeURIComponent(run[1]);
    document.title = `${runId} · topowatch`;
    closeView = runPage(root, runId);
  } else if (path === '/compare') {
    document.title = 'compare · topowatch';
    closeView = compareView(root, new URLSearchParams(location.search), navigate);
  } else {
    document.title = 'runs · topowatch';
    closeView = runList(root, navigate);
  }
}

function navigate(href) {
  history.pushState(null, '', href);
  route();
}

document.addEventListener('click', e => {
  const link = e.target.closest('a[data-nav]');
  if (link && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) {
    e.preventDefault();
    navigate(link.getAttribute('href'));
  }
});
window.addEventListener('popstate', route);
route();
