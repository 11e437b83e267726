namespace TradeNode.Bitcoin.Psbt;

/// <summary>
/// The orders Bitcoin Core keeps PSBT fields in, so PSBTs written here match Core's byte for byte: BIP32
/// derivations by public key bytes, partial signatures by key id (HASH160 of the key).
/// </summary>
internal sealed class PubKeyComparer : IComparer<PubKey>
{
    private readonly bool _byKeyId;

    private PubKeyComparer(bool byKeyId)
    {
        _byKeyId = byKeyId;
    }

    public static PubKeyComparer ByBytes { get; } = new(byKeyId: false);

    public static PubKeyComparer ByKeyId { get; } = new(byKeyId: true);

    public int Compare(PubKey? x, PubKey? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var order = _byKeyId ? x.Hash160.AsSpan().SequenceCompareTo(y.Hash160) : 0;
        return order != 0 ? order : x.Span.SequenceCompareTo(y.Span);
    }
}
