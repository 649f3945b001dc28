using System.Xml.Linq;
using BlazorAuth.Auth.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;

namespace BlazorAuth.Auth.Redis;

/// <summary>
/// The framework's Redis key repository, with Redis out of reach reported as <see cref="AuthStoreUnavailableException"/>,
/// the one failure the core knows to answer with 503 rather than 500.
/// </summary>
internal sealed class RedisKeyRing(RedisConnection connection, string key) : IXmlRepository
{
    private readonly RedisXmlRepository _keys = new(() => connection.Database, key);

    public IReadOnlyCollection<XElement> GetAllElements() => Run(_keys.GetAllElements);

    public void StoreElement(XElement element, string friendlyName) => Run(() =>
    {
        _keys.StoreElement(element, friendlyName);
        return true;
    });

    private static T Run<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception e) when (RedisFailure.IsUnavailable(e))
        {
            throw new AuthStoreUnavailableException("Redis", e);
        }
    }
}
