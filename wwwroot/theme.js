// The theme the user chose ('light' or 'dark'), in a cookie so that the server renders it at once and the demo
// provider's pages (same host, another port) follow it too. No cookie: the page follows the system.
const NAME = 'blazorauth-theme';

export function read() {
    const match = document.cookie.match(/(?:^|;\s*)blazorauth-theme=(light|dark)(?:;|$)/);
    return match ? match[1] : null;
}

export function write(theme) {
    if (theme === 'light' || theme === 'dark') {
        document.cookie = `${NAME}=${theme}; Path=/; Max-Age=31536000; SameSite=Lax`;
    }
}
