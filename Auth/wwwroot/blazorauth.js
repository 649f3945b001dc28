// The browser side of the popup sign-in (docs/protocol.md, "Browser side").
// The popup is opened from the click listener itself, in the click's tick, so no popup blocker stops it.
// Tokens are never stored here: the circuit receives only the message, and trusts only its server ticket.
// The listeners are installed when the module loads, which a page's own <script type="module"> makes happen before the
// circuit connects: a click then still opens the popup, and what the popup reports waits for the circuit.

const POPUP_NAME = 'blazorauth-signin';
const SIGNOUT_POPUP_NAME = 'blazorauth-signout';
const PROVIDER_ID = /^[a-z0-9-]{1,64}$/;
const CLOSED_GRACE_MS = 400;
const SILENT_TIMEOUT_MS = 15 * 1000;
const SIGNOUT_WAIT_MS = 15 * 1000;
const SAME_TAB_KEY = 'blazorauth-same-tab';
const MAX_PENDING_REPORTS = 16;

let dotnet = null;
let detached = false;
const pending = [];
let popupTimeoutMs = 5 * 60 * 1000;
let routes = '/auth';
let active = null;
let signOutPopup = null;

// Tabs of this origin tell each other when a session starts or ends; each then asks the server itself.
const tabs = typeof BroadcastChannel === 'function' ? new BroadcastChannel('blazorauth') : null;
if (tabs) {
    tabs.onmessage = event => {
        const data = event.data;
        if (data && data.type === 'session-changed' && typeof data.provider === 'string' && PROVIDER_ID.test(data.provider)) {
            report('OnSessionChangedElsewhere', data.provider);
        }
    };
}

function announce(provider) {
    tabs?.postMessage({ type: 'session-changed', provider });
}

document.addEventListener('click', onClick);
document.addEventListener('keydown', onKeyDown);
document.documentElement.dataset.blazorauthListening = 'true';

export function attach(dotnetRef, options) {
    dotnet = dotnetRef;
    detached = false;
    document.documentElement.dataset.blazorauthListening = 'true';
    popupTimeoutMs = options?.popupTimeoutMs ?? popupTimeoutMs;
    routes = options?.routePrefix ?? routes;
    document.documentElement.dataset.blazorauthReady = 'true';
    for (const [method, args] of pending.splice(0)) {
        report(method, ...args);
    }
}

// The circuit is gone: what is clicked now could reach no one, so nothing is taken until a circuit attaches again.
export function detach() {
    detached = true;
    delete document.documentElement.dataset.blazorauthReady;
    delete document.documentElement.dataset.blazorauthListening;
    finish();
    pending.length = 0;
    dotnet = null;
}

export async function refresh(provider) {
    return await call(provider, 'refresh', 'POST', body => ({ status: 200, ticket: body?.session?.ticket ?? null }));
}

// Renews a session through the provider's own session: a hidden frame runs a prompt=none sign-in and its page posts
// the result here. Only that frame, on this origin, is listened to. Resolves to the message (as JSON), or null.
export function renewSilently(provider) {
    if (!PROVIDER_ID.test(provider)) {
        return Promise.resolve(null);
    }
    return new Promise(resolve => {
        const frame = document.createElement('iframe');
        frame.hidden = true;
        frame.setAttribute('aria-hidden', 'true');
        frame.setAttribute('data-blazorauth-silent', provider);
        let timer = null;
        const done = result => {
            window.removeEventListener('message', onMessage);
            clearTimeout(timer);
            frame.remove();
            resolve(result);
        };
        const onMessage = event => {
            if (event.source !== frame.contentWindow || event.origin !== window.location.origin) {
                return;
            }
            const data = event.data;
            if (!data || typeof data !== 'object' || data.type !== 'authorization_response') {
                return;
            }
            done(JSON.stringify(data));
            if (data.response) {
                announce(provider);
            }
        };
        window.addEventListener('message', onMessage);
        timer = setTimeout(() => done(null), SILENT_TIMEOUT_MS);
        frame.src = `${routes}/${provider}/start?flow=silent`;
        document.body.appendChild(frame);
    });
}

export async function logout(provider) {
    const result = await call(provider, 'logout', 'POST', body => ({ status: 200, logoutUrl: body?.logoutUrl ?? null }));
    announce(provider);
    endProviderSession(result.logoutUrl ?? null);
    return result;
}

// The provider keeps its own session: unless the browser visits its end-session URL, the next "Sign in" signs the
// same person straight back in. The sign-out popup (opened by the click) goes there and comes back to close itself.
function endProviderSession(logoutUrl) {
    const popup = signOutPopup;
    signOutPopup = null;
    const url = typeof logoutUrl === 'string' && /^https?:\/\//.test(logoutUrl) ? logoutUrl : null;
    if (popup && !popup.closed) {
        if (url) {
            popup.location.href = url;
        } else {
            popup.close();
        }
    } else if (url) {
        // No popup (blocked): the page itself goes, and the provider sends it back to the app.
        window.location.assign(url);
    }
}

async function call(provider, route, method, read) {
    if (!PROVIDER_ID.test(provider)) {
        return { status: 400 };
    }
    const response = await fetch(`${routes}/${provider}/${route}`, {
        method,
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    if (!response.ok) {
        return { status: response.status };
    }
    return read(await response.json());
}

// A sign-in or sign-out control that is not a native button or link (a menu item) gets no click from Enter or Space;
// the key press is as much the user's act as a click, so the popup opens in its tick instead.
// Escape while a sign-in window is open cancels it, as it would a dialog.
function onKeyDown(event) {
    if (event.key === 'Escape' && !event.repeat && !event.defaultPrevented && active) {
        cancel();
        return;
    }
    const target = event.target instanceof Element ? event.target : null;
    if ((event.key === 'Enter' || event.key === ' ') && !event.repeat && target
        && target.matches('[data-blazorauth-signin], [data-blazorauth-signout]') && !target.matches('button, a[href], input')) {
        onClick(event);
    }
}

function onClick(event) {
    if (detached) {
        return;
    }
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest('[data-blazorauth-cancel]')) {
        cancel();
        return;
    }
    if (target?.closest('[data-blazorauth-show]')) {
        showPopup();
        return;
    }
    const signOut = target?.closest('[data-blazorauth-signout]');
    if (signOut && dotnet) {
        // Opened in the click's own tick, so no popup blocker stops it; the circuit's sign-out then sends it on.
        const provider = signOut.getAttribute('data-blazorauth-signout');
        if (PROVIDER_ID.test(provider)) {
            const popup = window.open(`${routes}/${provider}/signed-out?pending`, SIGNOUT_POPUP_NAME, features(420, 560));
            signOutPopup = popup;
            // Should the app never get as far as its logout call, the waiting popup does not stay open.
            setTimeout(() => {
                if (signOutPopup === popup) {
                    signOutPopup = null;
                    popup?.close();
                }
            }, SIGNOUT_WAIT_MS);
        }
        return;
    }

    const button = target?.closest('[data-blazorauth-signin]');
    if (!button || button.disabled || button.getAttribute('aria-disabled') === 'true') {
        return;
    }
    event.preventDefault();
    signIn(button.getAttribute('data-blazorauth-signin'), button.getAttribute('data-blazorauth-prompt'), button);
}

// The popup may be behind this window, or on another screen: the click brings it to the front.
function showPopup() {
    if (active && !active.popup.closed) {
        active.popup.focus();
    }
}

// The user gave up on this sign-in: the window closes, and focus, if it sat on what goes away, goes back to the control
// the sign-in started from.
function cancel() {
    const flow = active;
    if (!flow) {
        return;
    }
    if (!flow.popup.closed) {
        flow.popup.close();
    }
    fail(flow, 'Cancelled');
    const focused = document.activeElement;
    if ((!focused || focused === document.body || focused.closest('[data-blazorauth-cancel], [data-blazorauth-show]'))
        && flow.origin?.isConnected) {
        flow.origin.focus();
    }
}

function features(width, height) {
    const left = Math.max(0, window.screenX + (window.outerWidth - width) / 2);
    const top = Math.max(0, window.screenY + (window.outerHeight - height) / 2);
    return `popup=yes,width=${width},height=${height},left=${Math.round(left)},top=${Math.round(top)}`;
}

// Someone whose browser blocked the popup chose to sign in in this tab: for the rest of the tab's session, it does.
function sameTabChosen() {
    try {
        return sessionStorage.getItem(SAME_TAB_KEY) === 'yes';
    } catch {
        return false;
    }
}

// The redirect flow: this tab goes to the provider and comes back to the page it is on, signed in.
export function continueInThisTab(provider, prompt) {
    if (!PROVIDER_ID.test(provider)) {
        return;
    }
    try {
        sessionStorage.setItem(SAME_TAB_KEY, 'yes');
    } catch {
        // Storage refused (a private window's policy): this time only.
    }
    const returnUrl = encodeURIComponent(location.pathname + location.search);
    const promptPart = prompt === 'login' || prompt === 'select_account' ? `&prompt=${prompt}` : '';
    location.assign(`${routes}/${provider}/start?flow=redirect&returnUrl=${returnUrl}${promptPart}`);
}

function signIn(provider, prompt, origin) {
    if (!PROVIDER_ID.test(provider)) {
        return;
    }
    if (sameTabChosen()) {
        continueInThisTab(provider, prompt);
        return;
    }
    if (active && !active.popup.closed) {
        active.popup.focus();
        return;
    }

    const query = prompt === 'login' || prompt === 'select_account' ? `?prompt=${prompt}` : '';
    const popup = window.open(`${routes}/${provider}/start${query}`, POPUP_NAME, features(500, 700));
    if (!popup) {
        report('OnSignInFailed', provider, 'PopupBlocked');
        return;
    }

    const flow = { provider, popup, origin, done: false, startedAt: performance.now() };
    flow.onMessage = event => {
        // Only the popup we opened, on our own origin, speaking our message type.
        if (event.source !== popup || event.origin !== window.location.origin) {
            return;
        }
        const data = event.data;
        if (!data || typeof data !== 'object' || data.type !== 'authorization_response') {
            return;
        }
        finish(flow);
        report('OnAuthorizationResponse', provider, JSON.stringify(data), performance.now() - flow.startedAt);
        announce(provider);
    };
    flow.poll = setInterval(() => {
        if (popup.closed && !flow.closing) {
            // The frame page posts and then closes itself: give its message time to arrive first.
            flow.closing = setTimeout(() => fail(flow, 'PopupClosed'), CLOSED_GRACE_MS);
        }
    }, 250);
    flow.timeout = setTimeout(() => {
        if (!popup.closed) {
            popup.close();
        }
        fail(flow, 'Timeout');
    }, popupTimeoutMs);

    window.addEventListener('message', flow.onMessage);
    active = flow;
    report('OnSignInStarted', provider);
}

function fail(flow, reason) {
    if (flow.done) {
        return;
    }
    finish(flow);
    report('OnSignInFailed', flow.provider, reason);
}

function finish(flow = active) {
    if (!flow || flow.done) {
        return;
    }
    flow.done = true;
    window.removeEventListener('message', flow.onMessage);
    clearInterval(flow.poll);
    clearTimeout(flow.timeout);
    clearTimeout(flow.closing);
    if (active === flow) {
        active = null;
    }
}

// Before the circuit attaches, reports wait for it (a sign-in clicked while the page was still connecting).
function report(method, ...args) {
    if (!dotnet) {
        if (!detached && pending.length < MAX_PENDING_REPORTS) {
            pending.push([method, args]);
        }
        return;
    }
    dotnet.invokeMethodAsync(method, ...args).catch(() => { /* the circuit is gone; nothing to tell */ });
}
