using BlazorAuth.Auth;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Auth;

/// <summary>The library configures Data Protection only for a host that did not, and keeps each app's data apart.</summary>
public sealed class HostDataProtectionTests
{
    [Fact]
    public void A_host_without_data_protection_gets_keys_in_its_own_data_directory_and_its_own_name()
    {
        var data = TempDirectory.Create();
        try
        {
            using var app = Build(data, configure: null);
            var keys = app.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository;
            Assert.IsType<FileSystemXmlRepository>(keys);
            Assert.Equal(Path.Combine(data, "keys"), ((FileSystemXmlRepository)keys!).Directory.FullName);
            Assert.Equal("Shop.Web", app.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);

            // The key the first seal makes is an AES-256-GCM key, the faster of the framework's algorithms on Linux.
            var protector = app.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
            Assert.Equal("state", protector.Unprotect(protector.Protect("state")));
            var key = Assert.Single(Directory.GetFiles(Path.Combine(data, "keys"), "key-*.xml"));
            Assert.Contains("algorithm=\"AES_256_GCM\"", File.ReadAllText(key));
        }
        finally
        {
            TempDirectory.Delete(data);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void What_the_host_configured_is_left_as_it_is_whether_before_or_after_AddBlazorAuth(bool before)
    {
        var data = TempDirectory.Create();
        var hostKeys = TempDirectory.Create();
        try
        {
            using var app = Build(data, services => services.AddDataProtection().SetApplicationName("shop").PersistKeysToFileSystem(new DirectoryInfo(hostKeys)), before);
            var keys = app.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository;
            Assert.Equal(hostKeys, Assert.IsType<FileSystemXmlRepository>(keys).Directory.FullName);
            Assert.Equal("shop", app.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);
            var algorithms = app.GetRequiredService<IOptions<KeyManagementOptions>>().Value.AuthenticatedEncryptorConfiguration;
            Assert.Equal(EncryptionAlgorithm.AES_256_CBC, Assert.IsType<AuthenticatedEncryptorConfiguration>(algorithms).EncryptionAlgorithm);
        }
        finally
        {
            TempDirectory.Delete(data);
            TempDirectory.Delete(hostKeys);
        }
    }

    [Fact]
    public void Without_a_configured_directory_each_application_gets_its_own()
    {
        var shop = BlazorAuth.Auth.Storage.AuthStorageExtensions.DataDirectoryOf(Configuration("Shop.Web"));
        var blog = BlazorAuth.Auth.Storage.AuthStorageExtensions.DataDirectoryOf(Configuration("Blog"));
        Assert.NotEqual(shop, blog);
        Assert.EndsWith("Shop.Web", shop);
        Assert.EndsWith("_.._evil", BlazorAuth.Auth.Storage.AuthStorageExtensions.DataDirectoryOf(Configuration("/../evil")));
    }

    private static Microsoft.Extensions.Configuration.IConfiguration Configuration(string applicationName) =>
        new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["applicationName"] = applicationName }).Build();

    private static ServiceProvider Build(string dataDirectory, Action<IServiceCollection>? configure, bool before = true)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Shop.Web" });
        builder.WebHost.UseTestServer();
        builder.Configuration["Auth:PublicOrigin"] = "https://shop.example.com";
        builder.Configuration["Auth:DataDirectory"] = dataDirectory;
        if (before)
        {
            configure?.Invoke(builder.Services);
        }

        builder.AddBlazorAuth();
        if (!before)
        {
            configure?.Invoke(builder.Services);
        }

        return (ServiceProvider)builder.Build().Services;
    }
}
