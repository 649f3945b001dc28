using System.Collections.Concurrent;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// One lock per key (an index, a session), held only while someone uses it: updates of one key wait for each other and for
/// nobody else (shared stripes would make an unlucky pair of users wait on each other's slow store).
/// </summary>
internal sealed class KeyedLocks
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<IDisposable> EnterAsync(string key, CancellationToken cancellationToken)
    {
        var entry = Join(key);
        try
        {
            await entry.Gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(key, entry);
            throw;
        }

        return new Held(this, key, entry);
    }

    private Entry Join(string key)
    {
        while (true)
        {
            var entry = _entries.GetOrAdd(key, static _ => new Entry());
            lock (entry)
            {
                // An entry whose last user just left is being removed: take a fresh one.
                if (entry.Users >= 0)
                {
                    entry.Users++;
                    return entry;
                }
            }
        }
    }

    private void Leave(string key, Entry entry)
    {
        lock (entry)
        {
            if (--entry.Users == 0)
            {
                entry.Users = -1;
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Held(KeyedLocks locks, string key, Entry entry) : IDisposable
    {
        public void Dispose()
        {
            entry.Gate.Release();
            locks.Leave(key, entry);
        }
    }
}
