using System.Security.Cryptography;

namespace Renkei.Hosting.InternalAuth;

/// <summary>
/// An internal caller's ECDSA P-256 key pair. The private key stays with the caller (the gateway, the HES feed);
/// the internal services get only the public key, so a compromised internal service cannot mint proofs.
/// </summary>
public static class InternalCallerKey
{
    /// <summary>Loads the private key from <paramref name="path"/> (PEM), creating it owner-readable only on first use.</summary>
    public static ECDsa LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var key = ECDsa.Create();
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }

        key.GenerateKey(ECCurve.NamedCurves.nistP256);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }

    /// <summary>A verify-only copy of <paramref name="key"/> (public part).</summary>
    public static ECDsa PublicOnly(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var copy = ECDsa.Create();
        copy.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        return copy;
    }
}
