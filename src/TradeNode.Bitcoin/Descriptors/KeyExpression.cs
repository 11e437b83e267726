using System.Globalization;
using System.Text;
using TradeNode.Bitcoin.Bip32;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>A BIP380 KEY expression: an optional origin and a public, WIF or extended key, possibly ranged.</summary>
internal abstract class KeyExpression
{
    protected KeyExpression(RootedKeyPath? origin, bool useApostrophe)
    {
        Origin = origin;
        UseApostrophe = useApostrophe;
    }

    /// <summary>The written <c>[fingerprint/path]</c>, if any.</summary>
    public RootedKeyPath? Origin { get; }

    /// <summary>Prints hardened steps with ' rather than h, because the text it was parsed from did.</summary>
    public bool UseApostrophe { get; }

    public abstract bool IsRange { get; }

    /// <summary>False only for uncompressed hex or WIF keys; extended keys are always compressed.</summary>
    public abstract bool IsCompressed { get; }

    public abstract bool HasPrivateKey { get; }

    /// <summary>The key for one index of a range (ignored when the key is not ranged).</summary>
    public abstract DescriptorKey Derive(uint index);

    public void WriteTo(StringBuilder builder, bool includePrivate, Network network)
    {
        if (Origin is not null)
        {
            builder.Append('[').Append(Origin.MasterFingerprint.ToString());
            if (Origin.KeyPath.Length > 0)
            {
                builder.Append('/');
                AppendPath(builder, Origin.KeyPath);
            }

            builder.Append(']');
        }

        WriteKeyTo(builder, includePrivate, network);
    }

    protected abstract void WriteKeyTo(StringBuilder builder, bool includePrivate, Network network);

    protected void AppendPath(StringBuilder builder, KeyPath path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('/');
            }

            var index = path.Indexes[i];
            builder.Append((index & ~KeyPath.HardenedBit).ToString(CultureInfo.InvariantCulture));
            if (KeyPath.IsHardened(index))
            {
                builder.Append(UseApostrophe ? '\'' : 'h');
            }
        }
    }
}
