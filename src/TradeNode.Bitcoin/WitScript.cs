using TradeNode.Bitcoin.Serialization;

namespace TradeNode.Bitcoin;

/// <summary>The witness stack of one input (BIP141): a list of byte arrays.</summary>
public sealed class WitScript : IEquatable<WitScript>
{
    private readonly byte[][] _pushes;

    public static WitScript Empty { get; } = new([]);

    public WitScript(params IEnumerable<byte[]> pushes)
    {
        ArgumentNullException.ThrowIfNull(pushes);
        _pushes = pushes.Select(p => (byte[])p.Clone()).ToArray();
    }

    public IReadOnlyList<byte[]> Pushes => _pushes;

    public int PushCount => _pushes.Length;

    public bool IsEmpty => _pushes.Length == 0;

    public byte[] this[int index] => _pushes[index];

    internal static WitScript Read(BitcoinReader reader)
    {
        var count = reader.ReadCount();
        var pushes = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            pushes[i] = reader.ReadVarBytes();
        }

        return new WitScript(pushes);
    }

    internal void Write(BitcoinWriter writer)
    {
        writer.WriteCompactSize((ulong)_pushes.Length);
        foreach (var push in _pushes)
        {
            writer.WriteVarBytes(push);
        }
    }

    public int SerializedLength =>
        BitcoinWriter.CompactSizeLength((ulong)_pushes.Length) + _pushes.Sum(p => BitcoinWriter.CompactSizeLength((ulong)p.Length) + p.Length);

    public bool Equals(WitScript? other) =>
        other is not null && _pushes.Length == other._pushes.Length && _pushes.Zip(other._pushes).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    public override bool Equals(object? obj) => Equals(obj as WitScript);

    public override int GetHashCode() => _pushes.Length;

    public override string ToString() => string.Join(" ", _pushes.Select(p => Convert.ToHexStringLower(p)));
}
