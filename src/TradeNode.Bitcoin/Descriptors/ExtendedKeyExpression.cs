using System.Text;
using TradeNode.Bitcoin.Bip32;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>An xpub/xprv (tpub/tprv) with a derivation path and an optional <c>/*</c> wildcard.</summary>
internal sealed class ExtendedKeyExpression : KeyExpression
{
    private readonly ExtPubKey _extPubKey;
    private readonly ExtKey? _extKey;
    private readonly KeyPath _path;
    private readonly Wildcard _wildcard;
    private readonly Lock _cacheLock = new();
    private ExtPubKey? _fixedPub;
    private ExtKey? _fixedKey;

    public ExtendedKeyExpression(RootedKeyPath? origin, bool useApostrophe, ExtPubKey extPubKey, ExtKey? extKey, KeyPath path, Wildcard wildcard)
        : base(origin, useApostrophe)
    {
        _extPubKey = extPubKey;
        _extKey = extKey;
        _path = path;
        _wildcard = wildcard;
    }

    public override bool IsRange => _wildcard != Wildcard.None;

    public override bool IsCompressed => true;

    public override bool HasPrivateKey => _extKey is not null;

    public override DescriptorKey Derive(uint index)
    {
        var steps = _wildcard switch
        {
            Wildcard.Unhardened => _path.Derive(index),
            Wildcard.Hardened => _path.Derive(index | KeyPath.HardenedBit),
            _ => _path,
        };
        var origin = Origin?.Derive(steps) ?? new RootedKeyPath(_extPubKey.Fingerprint, steps);
        if (_extKey is not null)
        {
            var fixedKey = FixedKey(_extKey);
            var key = _wildcard switch
            {
                Wildcard.Unhardened => fixedKey.Derive(index),
                Wildcard.Hardened => fixedKey.Derive(index | KeyPath.HardenedBit),
                _ => fixedKey,
            };
            return new DescriptorKey(key.PubKey, origin, key.PrivateKey);
        }

        if (_path.HasHardenedStep || _wildcard == Wildcard.Hardened)
        {
            throw new InvalidOperationException("This descriptor key has a hardened step after an extended public key; only its private key (xprv) can derive it.");
        }

        var fixedPub = FixedPub();
        var pub = _wildcard == Wildcard.Unhardened ? fixedPub.Derive(index) : fixedPub;
        return new DescriptorKey(pub.PubKey, origin, null);
    }

    protected override void WriteKeyTo(StringBuilder builder, bool includePrivate, Network network)
    {
        builder.Append(includePrivate && _extKey is not null ? _extKey.ToString(network) : _extPubKey.ToString(network));
        if (_path.Length > 0)
        {
            builder.Append('/');
            AppendPath(builder, _path);
        }

        if (_wildcard != Wildcard.None)
        {
            builder.Append("/*");
            if (_wildcard == Wildcard.Hardened)
            {
                builder.Append(UseApostrophe ? '\'' : 'h');
            }
        }
    }

    private ExtKey FixedKey(ExtKey root)
    {
        lock (_cacheLock)
        {
            return _fixedKey ??= root.Derive(_path);
        }
    }

    private ExtPubKey FixedPub()
    {
        lock (_cacheLock)
        {
            return _fixedPub ??= _extPubKey.Derive(_path);
        }
    }
}
