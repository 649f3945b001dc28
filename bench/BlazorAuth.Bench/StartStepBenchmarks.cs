using BenchmarkDotNet.Attributes;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Transactions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Bench;

/// <summary>The pieces of /start's own work, to see which one dominates.</summary>
[MemoryDiagnoser]
public class StartStepBenchmarks
{
    private TransactionProtector _protector = null!;
    private AuthTransaction _transaction = null!;

    [GlobalSetup]
    public void Setup()
    {
        _protector = new TransactionProtector(DataProtectionProvider.Create("bench"), TimeProvider.System, Options.Create(new AuthOptions()));
        _transaction = new AuthTransaction(
            Auth.Protection.RandomIds.New(), "demo", "http://localhost:5081/", true, Auth.Protection.RandomIds.New(), Auth.Protection.RandomIds.New(),
            SignInFlow.Popup, null, "openid profile email offline_access", "http://localhost:5080", "http://localhost:5080", DateTimeOffset.UtcNow);
    }

    [Benchmark]
    public string NewRandomId() => Auth.Protection.RandomIds.New();

    [Benchmark]
    public string ProtectState() => _protector.Protect(_transaction);

    [Benchmark]
    public string PkceChallenge() => Auth.Protection.RandomIds.S256(_transaction.CodeVerifier);
}
