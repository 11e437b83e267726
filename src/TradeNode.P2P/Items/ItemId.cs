using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace TradeNode.P2P.Items;

/// <summary>An item's id: SHA-256 of its content bytes. Ordered by bytes, as set reconciliation needs.</summary>
public readonly struct ItemId : IEquatable<ItemId>, IComparable<ItemId>
{
    private readonly byte[]? _bytes;

    public ItemId(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != P2PProtocol.ItemIdLength)
        {
            throw new FormatException($"An item id is {P2PProtocol.ItemIdLength} bytes, not {bytes.Length}.");
        }

        _bytes = bytes.ToArray();
    }

    public ReadOnlySpan<byte> Span => _bytes ?? new byte[P2PProtocol.ItemIdLength];

    /// <summary>The id of the item whose content is <paramref name="content"/>.</summary>
    public static ItemId Compute(ReadOnlySpan<byte> content) => new(SHA256.HashData(content));

    public static bool TryCreate(ReadOnlySpan<byte> bytes, out ItemId id)
    {
        id = default;
        if (bytes.Length != P2PProtocol.ItemIdLength)
        {
            return false;
        }

        id = new ItemId(bytes);
        return true;
    }

    public static ItemId Parse(string hex) =>
        TryParse(hex, out var id) ? id : throw new FormatException("An item id is 64 hexadecimal characters.");

    public static bool TryParse([NotNullWhen(true)] string? hex, out ItemId id)
    {
        id = default;
        if (hex is null || hex.Length != 2 * P2PProtocol.ItemIdLength)
        {
            return false;
        }

        try
        {
            id = new ItemId(Convert.FromHexString(hex));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public byte[] ToArray() => Span.ToArray();

    public bool Equals(ItemId other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is ItemId other && Equals(other);

    public override int GetHashCode() => BitConverter.ToInt32(Span[..4]);

    public int CompareTo(ItemId other) => Span.SequenceCompareTo(other.Span);

    public override string ToString() => Convert.ToHexStringLower(Span);

    public static bool operator ==(ItemId left, ItemId right) => left.Equals(right);

    public static bool operator !=(ItemId left, ItemId right) => !left.Equals(right);

    public static bool operator <(ItemId left, ItemId right) => left.CompareTo(right) < 0;

    public static bool operator >(ItemId left, ItemId right) => left.CompareTo(right) > 0;

    public static bool operator <=(ItemId left, ItemId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ItemId left, ItemId right) => left.CompareTo(right) >= 0;
}
