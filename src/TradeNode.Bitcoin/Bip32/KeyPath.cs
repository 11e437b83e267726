using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TradeNode.Bitcoin.Bip32;

/// <summary>A BIP32 derivation path such as <c>m/84'/1'/0'/0/5</c>. Hardened indexes have the top bit set.</summary>
public sealed class KeyPath : IEquatable<KeyPath>
{
    public const uint HardenedBit = 0x80000000;

    /// <summary>Deepest path accepted; BIP32 depth is one byte.</summary>
    public const int MaxDepth = 255;

    private readonly uint[] _indexes;

    public static KeyPath Empty { get; } = new([]);

    public KeyPath(params uint[] indexes)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        if (indexes.Length > MaxDepth)
        {
            throw new ArgumentException($"A key path has at most {MaxDepth} steps.", nameof(indexes));
        }

        _indexes = (uint[])indexes.Clone();
    }

    public IReadOnlyList<uint> Indexes => _indexes;

    public int Length => _indexes.Length;

    public bool IsHardenedPath => _indexes.Length > 0 && _indexes.All(IsHardened);

    /// <summary>True when any step is hardened, so only the private key can follow the path.</summary>
    public bool HasHardenedStep => _indexes.Any(IsHardened);

    public static bool IsHardened(uint index) => (index & HardenedBit) != 0;

    public KeyPath Derive(uint index) => new([.. _indexes, index]);

    public KeyPath Derive(KeyPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new KeyPath([.. _indexes, .. path._indexes]);
    }

    public KeyPath? Parent => _indexes.Length == 0 ? null : new KeyPath(_indexes[..^1]);

    /// <summary>
    /// Parses "m/84'/0'/0'/0/1", "84h/0h/0", "0H/1" (an optional leading m; ', h or H mark hardened steps).
    /// </summary>
    public static KeyPath Parse(string path)
    {
        if (!TryParse(path, out var keyPath))
        {
            throw new FormatException($"'{path}' is not a key path: use steps like m/84'/0'/0'/0/5, each below 2^31.");
        }

        return keyPath;
    }

    public static bool TryParse(string? path, [NotNullWhen(true)] out KeyPath? keyPath)
    {
        keyPath = null;
        if (path is null || path.Length > 4096)
        {
            return false;
        }

        var parts = path.Split('/');
        var start = parts[0] == "m" ? 1 : 0;
        if (path.Length == 0 || (start == 1 && parts.Length == 1))
        {
            keyPath = Empty;
            return true;
        }

        var indexes = new List<uint>();
        for (var i = start; i < parts.Length; i++)
        {
            if (!TryParseStep(parts[i], out var index) || indexes.Count >= MaxDepth)
            {
                return false;
            }

            indexes.Add(index);
        }

        keyPath = new KeyPath([.. indexes]);
        return true;
    }

    internal static bool TryParseStep(string step, out uint index)
    {
        index = 0;
        var hardened = step.Length > 0 && step[^1] is '\'' or 'h' or 'H';
        var digits = hardened ? step[..^1] : step;
        if (digits.Length == 0 || digits.Length > 10 || digits.Any(c => c is < '0' or > '9')
            || !uint.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value >= HardenedBit)
        {
            return false;
        }

        index = hardened ? value | HardenedBit : value;
        return true;
    }

    public override string ToString() => string.Join('/', _indexes.Select(FormatStep));

    /// <summary>The path with the leading "m/", as wallets print it.</summary>
    public string ToStringWithRoot() => _indexes.Length == 0 ? "m" : "m/" + ToString();

    internal static string FormatStep(uint index) =>
        IsHardened(index)
            ? (index & ~HardenedBit).ToString(CultureInfo.InvariantCulture) + "'"
            : index.ToString(CultureInfo.InvariantCulture);

    public bool Equals(KeyPath? other) => other is not null && _indexes.AsSpan().SequenceEqual(other._indexes);

    public override bool Equals(object? obj) => Equals(obj as KeyPath);

    public override int GetHashCode() => _indexes.Aggregate(17, (h, i) => HashCode.Combine(h, i));

    public static bool operator ==(KeyPath? a, KeyPath? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(KeyPath? a, KeyPath? b) => !(a == b);
}
