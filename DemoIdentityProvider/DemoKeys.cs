using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace BlazorAuth.DemoIdentityProvider;

/// <summary>
/// The demo provider's signing and encryption keys, kept in its data directory: its refresh tokens are encrypted
/// with them, so keys made afresh at each start would end every session at the app's first refresh after a restart.
/// </summary>
public static class DemoKeys
{
    public static SecurityKey LoadOrCreate(string path)
    {
        var rsa = RSA.Create();
        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            rsa.KeySize = 2048;
            var written = path + ".new";
            File.WriteAllText(written, "");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(written, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.WriteAllText(written, rsa.ExportRSAPrivateKeyPem());
            File.Move(written, path, overwrite: true);
        }

        return new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16] };
    }
}
