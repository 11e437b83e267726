using System.Diagnostics.CodeAnalysis;

namespace TradeNode.Bitcoin.Bip32;

/// <summary>A key path from a master key identified by its fingerprint: "d34db33f/84'/0'/0'" (PSBT and descriptor key origins).</summary>
public sealed class RootedKeyPath : IEquatable<RootedKeyPath>
{
    public RootedKeyPath(HDFingerprint masterFingerprint, KeyPath keyPath)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        MasterFingerprint = masterFingerprint;
        KeyPath = keyPath;
    }

    public HDFingerprint MasterFingerprint { get; }

    public KeyPath KeyPath { get; }

    public RootedKeyPath Derive(KeyPath path) => new(MasterFingerprint, KeyPath.Derive(path));

    public static RootedKeyPath Parse(string text)
    {
        if (!TryParse(text, out var rooted))
        {
            throw new FormatException($"'{text}' is not a key origin: use fingerprint/path, for example d34db33f/84'/0'/0'.");
        }

        return rooted;
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out RootedKeyPath? rooted)
    {
        rooted = null;
        if (text is null)
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var fingerprintText = slash < 0 ? text : text[..slash];
        var pathText = slash < 0 ? string.Empty : text[(slash + 1)..];
        if (!HDFingerprint.TryParse(fingerprintText, out var fingerprint) || (slash >= 0 && pathText.Length == 0))
        {
            return false;
        }

        if (!KeyPath.TryParse(pathText, out var path) || (pathText.Length > 0 && pathText.StartsWith('m')))
        {
            return false;
        }

        rooted = new RootedKeyPath(fingerprint, path);
        return true;
    }

    public override string ToString() => KeyPath.Length == 0 ? MasterFingerprint.ToString() : $"{MasterFingerprint}/{KeyPath}";

    public bool Equals(RootedKeyPath? other) => other is not null && MasterFingerprint == other.MasterFingerprint && KeyPath == other.KeyPath;

    public override bool Equals(object? obj) => Equals(obj as RootedKeyPath);

    public override int GetHashCode() => HashCode.Combine(MasterFingerprint, KeyPath);
}
