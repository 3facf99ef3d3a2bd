// Asked for when the analyzer answers 401 (http.api-token is set): the token, once per session.
import {login} from '../api.js';
import {el} from '../dom.js';

/** Shows the form in `root`; calls `done()` after a successful login. Returns a closer. */
export function loginView(root, done) {
  const input = el('input', {type: 'password', name: 'token', id: 'token', autocomplete: 'off', required: true, autofocus: true,
    'aria-describedby': 'login-note'});
  const message = el('p', {class: 'error', role: 'alert'});
  const button = el('button', {type: 'submit'}, 'Log in');
  const form = el('form', {class: 'card login', 'data-view': 'login'},
    el('h1', {}, 'This analyzer needs its API token'),
    el('p', {id: 'login-note', class: 'muted'}, 'The token is the analyzer\'s ', el('code', {}, 'http.api-token'),
      '. The page keeps a session cookie until it expires or you log out; scripts send ',
      el('code', {}, 'Authorization: Bearer TOKEN'), ' instead.'),
    el('p', {}, el('label', {for: 'token'}, 'API token '), input, ' ', button),
    message);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    button.disabled = true;
    message.textContent = '';
    try {
      if (await login(input.value)) {
        done();
        return;
      }
      message.textContent = 'Wrong token.';
      input.select();
    } catch (error) {
      message.textContent = String(error.message ?? error);
    } finally {
      button.disabled = false;
    }
  });
  root.replaceChildren(form);
  input.focus();
  return () => {};
}
