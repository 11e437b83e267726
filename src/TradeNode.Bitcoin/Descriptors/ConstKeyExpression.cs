using System.Text;
using TradeNode.Bitcoin.Bip32;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>A single key written as hex (public) or WIF (private).</summary>
internal sealed class ConstKeyExpression : KeyExpression
{
    private readonly PubKey _pubKey;
    private readonly Key? _privateKey;

    public ConstKeyExpression(RootedKeyPath? origin, bool useApostrophe, PubKey pubKey, Key? privateKey)
        : base(origin, useApostrophe)
    {
        _pubKey = pubKey;
        _privateKey = privateKey;
    }

    public override bool IsRange => false;

    public override bool IsCompressed => _pubKey.IsCompressed;

    public override bool HasPrivateKey => _privateKey is not null;

    public override DescriptorKey Derive(uint index)
    {
        // Without a written origin, Bitcoin Core uses the first four bytes of the key's own HASH160 and an empty path.
        var origin = Origin ?? new RootedKeyPath(new HDFingerprint(_pubKey.Hash160.AsSpan(0, 4)), KeyPath.Empty);
        return new DescriptorKey(_pubKey, origin, _privateKey);
    }

    protected override void WriteKeyTo(StringBuilder builder, bool includePrivate, Network network)
    {
        if (includePrivate && _privateKey is not null)
        {
            builder.Append(_privateKey.GetWif(network).ToString());
        }
        else
        {
            builder.Append(_pubKey.ToHex());
        }
    }
}
