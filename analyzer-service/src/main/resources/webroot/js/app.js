// The page's router: /, /runs/{runId} and /compare are one page; links marked data-nav change the
// view without reloading it, and the browser's back button works. When the analyzer asks for a
// login (401), the login form takes the view's place until the token is given.
import {logout, onUnauthorized, session} from './api.js';
import {el} from './dom.js';
import {compareView} from './views/compare.js';
import {loginView} from './views/login.js';
import {runList} from './views/runList.js';
import {runPage} from './views/runPage.js';

const root = document.getElementById('app');
const account = document.getElementById('account');
let closeView = () => {};
let loggingIn = false;

function route() {
  closeView();
  loggingIn = false;
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

/** The login form instead of the view; the view comes back, at the same address, once logged in. */
function askForLogin() {
  if (loggingIn) return; // several calls fail at once: one form
  loggingIn = true;
  closeView();
  document.title = 'log in · topowatch';
  showAccount(false);
  closeView = loginView(root, () => { showAccount(true); route(); });
}

/** A "log out" button in the header while this browser holds a session. */
function showAccount(loggedIn) {
  account.replaceChildren(loggedIn ? el('button', {type: 'button', class: 'link', 'data-action': 'logout', onclick: async () => {
    await logout();
    askForLogin();
  }}, 'log out') : '');
}

onUnauthorized(askForLogin);
document.addEventListener('click', e => {
  const link = e.target.closest('a[data-nav]');
  if (link && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) {
    e.preventDefault();
    navigate(link.getAttribute('href'));
  }
});
window.addEventListener('popstate', route);
// Asking first spares a page that needs a login a round of refused calls; a session that ends
// later (expiry, logout elsewhere, restart) brings the form back through the 401s.
session().then(s => {
  showAccount(s.token_required && s.authenticated);
  if (s.token_required && !s.authenticated) askForLogin(); else route();
}, route);
