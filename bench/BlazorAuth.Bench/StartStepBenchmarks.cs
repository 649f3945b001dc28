using BenchmarkDotNet.Attributes;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Protection;
using BlazorAuth.Auth.Transactions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Bench;

/// <summary>The pieces of /start's own work, to see which one dominates.</summary>
[MemoryDiagnoser]
public class StartStepBenchmarks
{
    private TransactionProtector _protector = null!;
    private PayloadProtector<AuthTransaction> _dataProtectionAlone = null!;
    private AuthTransaction _transaction = null!;

    /// <summary>The library's default keys (AES-256-GCM) and the framework's (AES-256-CBC with HMAC-SHA256).</summary>
    [Params(EncryptionAlgorithm.AES_256_GCM, EncryptionAlgorithm.AES_256_CBC)]
    public EncryptionAlgorithm Algorithm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Keys in a directory, not the ephemeral provider: that one seals with AES-256-CBC whatever algorithm is asked for,
        // so this benchmark measured the framework's default rather than the library's.
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("bench").PersistKeysToFileSystem(Directory.CreateTempSubdirectory("blazorauth-bench-keys"))
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration { EncryptionAlgorithm = Algorithm, ValidationAlgorithm = ValidationAlgorithm.HMACSHA256 });
        var dataProtection = services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
        var options = Options.Create(new AuthOptions());
        _protector = new TransactionProtector(new SealingKeyRing(dataProtection, TimeProvider.System, options), dataProtection, TimeProvider.System, options);
        _dataProtectionAlone = new PayloadProtector<AuthTransaction>(dataProtection, "bench", Auth.AuthJsonContext.Default.AuthTransaction, 4096);
        _transaction = new AuthTransaction(
            Auth.Protection.RandomIds.New(), "demo", "http://localhost:5081/", true, Auth.Protection.RandomIds.New(), Auth.Protection.RandomIds.New(),
            SignInFlow.Popup, null, "openid profile email offline_access", "http://localhost:5080", "http://localhost:5080", DateTimeOffset.UtcNow);
    }

    [Benchmark]
    public string NewRandomId() => Auth.Protection.RandomIds.New();

    [Benchmark]
    public string ProtectState() => _protector.Protect(_transaction);

    /// <summary>How states were sealed before the sealing key ring: Data Protection for every state.</summary>
    [Benchmark]
    public string ProtectStateWithDataProtectionAlone() => _dataProtectionAlone.Protect(_transaction);

    [Benchmark]
    public string PkceChallenge() => Auth.Protection.RandomIds.S256(_transaction.CodeVerifier);
}
