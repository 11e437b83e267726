using System.Security.Cryptography;
using System.Text;

namespace TradeNode.Api.Auth;

/// <summary>
/// The API key every call carries as <c>authorization: Bearer &lt;key&gt;</c>: 32 random bytes as 64 lower-case hex
/// characters, kept in DATADIR/api.cookie (mode 0600) so that local clients (the CLI, the front-end) find it, as
/// bitcoind's .cookie. Created on the node's first start and kept across restarts.
/// </summary>
public sealed class ApiKey
{
    /// <summary>The key file's name in the data directory.</summary>
    public const string CookieFileName = "api.cookie";

    private const int KeyBytes = 32;

    private readonly byte[] _key;

    private ApiKey(string key)
    {
        _key = Encoding.ASCII.GetBytes(key);
    }

    /// <summary>Reads DATADIR/api.cookie, or creates it with a fresh random key when it is missing or malformed.</summary>
    public static ApiKey LoadOrCreate(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var path = Path.Combine(dataDirectory, CookieFileName);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (IsWellFormed(existing))
            {
                RestrictToOwner(path);
                return new ApiKey(existing);
            }
        }

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyBytes));
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(Encoding.ASCII.GetBytes(key + "\n"));
            file.Flush(flushToDisk: true);
        }

        RestrictToOwner(temporary);
        File.Move(temporary, path, overwrite: true);
        return new ApiKey(key);
    }

    /// <summary>True when <paramref name="presented"/> is the key; the comparison takes the same time wherever they differ.</summary>
    public bool Matches(string? presented)
    {
        if (presented is null)
        {
            return false;
        }

        var bytes = Encoding.ASCII.GetBytes(presented);
        return CryptographicOperations.FixedTimeEquals(bytes, _key);
    }

    private static bool IsWellFormed(string key) => key.Length == KeyBytes * 2 && key.All(char.IsAsciiHexDigitLower);

    private static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
