// Focus that follows attention when the page changes under it (a sign-in or sign-out replacing the control that had
// focus, a menu closing). It moves only when focus was lost, or sat on the sign-in or sign-out control the change came
// from, or inside `closing` (what is going away), so a change made in another tab never pulls focus away from what
// the user is doing here.
const CONTROLS = 'button:not([disabled]), [role=button], a[href], input:not([disabled])';

export function takeLostFocus(container, closing) {
    const active = document.activeElement;
    const lost = !active || active === document.body || !active.isConnected
        || active.closest('[data-blazorauth-signin], [data-blazorauth-signout]') !== null
        || (closing !== 'body' && active.closest(closing) !== null);
    if (!lost || !container?.isConnected) {
        return;
    }

    // The first control that has a box: the app bar shows one of two sign-in controls, by the screen's width.
    [...container.querySelectorAll(CONTROLS)].find(e => e.getClientRects().length > 0)?.focus();
}
