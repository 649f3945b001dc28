// The browser's time zone (an IANA name such as Europe/Berlin), so the server can show times where the user is.
export const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
