// A user's picture that cannot be loaded (gone, blocked, not an image) is hidden, so the initial beneath it shows
// instead of a broken image. Error events do not bubble, so the listener catches them on their way down.
document.addEventListener('error', event => {
    if (event.target instanceof HTMLImageElement && event.target.matches('img[data-avatar]')) {
        event.target.hidden = true;
    }
}, true);
