using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>
/// An output script descriptor (BIP380): a text that names the scripts of a wallet, for example
/// <c>wsh(sortedmulti(2,[d34db33f/48h/1h/0h/2h]tpub.../0/*,...))#checksum</c>. Supports pk, pkh, wpkh, sh, wsh,
/// multi, sortedmulti (BIP381-383), combo (BIP384), raw and addr (BIP385), with Bitcoin Core's nesting rules.
/// Taproot (tr, BIP386) is not supported.
/// </summary>
public sealed class OutputDescriptor
{
    /// <summary>The longest text accepted; real descriptors (even 20-key multisig with origins) are far shorter.</summary>
    public const int MaxLength = 16_384;

    private readonly DescriptorNode _root;

    private OutputDescriptor(DescriptorNode root, Network network)
    {
        _root = root;
        Network = network;
    }

    /// <summary>The network its extended keys, WIF keys and addresses are encoded for.</summary>
    public Network Network { get; }

    public DescriptorType Type => _root.Type;

    /// <summary>True when a key ends in a <c>/*</c> wildcard, so <see cref="Expand"/> gives a different script per index.</summary>
    public bool IsRange => _root.IsRange;

    /// <summary>True when a key is a WIF or xprv/tprv.</summary>
    public bool HasPrivateKeys => _root.HasPrivateKeys;

    /// <summary>Parses a descriptor. The checksum is checked when present and, with <paramref name="requireChecksum"/>, must be present.</summary>
    /// <exception cref="FormatException">The text is not a valid descriptor for <paramref name="network"/>; the message says why.</exception>
    public static OutputDescriptor Parse(string text, Network network, bool requireChecksum = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(network);
        if (text.Length > MaxLength)
        {
            throw new FormatException($"A descriptor is at most {MaxLength} characters; this text has {text.Length}.");
        }

        if (!DescriptorChecksum.TrySplit(text, requireChecksum, out var body, out var error))
        {
            throw new FormatException(error);
        }

        return new OutputDescriptor(DescriptorParser.Parse(body, network), network);
    }

    public static bool TryParse(string? text, Network network, [NotNullWhen(true)] out OutputDescriptor? descriptor) =>
        TryParse(text, network, requireChecksum: false, out descriptor, out _);

    /// <summary>Like <see cref="Parse"/>, returning false and the reason instead of throwing.</summary>
    public static bool TryParse(string? text, Network network, bool requireChecksum, [NotNullWhen(true)] out OutputDescriptor? descriptor, out string error)
    {
        ArgumentNullException.ThrowIfNull(network);
        descriptor = null;
        if (text is null)
        {
            error = "No descriptor text was given.";
            return false;
        }

        try
        {
            descriptor = Parse(text, network, requireChecksum);
            error = string.Empty;
            return true;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>
    /// The outputs at <paramref name="index"/> (ignored unless <see cref="IsRange"/>): one for every type but combo,
    /// which gives P2PK, P2PKH and, for compressed keys, P2WPKH and P2SH-P2WPKH.
    /// </summary>
    /// <exception cref="InvalidOperationException">A hardened step must be derived from an xpub, which needs the private key.</exception>
    public IReadOnlyList<DescriptorOutput> Expand(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return _root.Expand((uint)index);
    }

    /// <summary>The single output at <paramref name="index"/>; for combo() use <see cref="Expand"/>.</summary>
    public DescriptorOutput ExpandSingle(int index)
    {
        var outputs = Expand(index);
        if (outputs.Count != 1)
        {
            throw new InvalidOperationException("combo() gives several outputs per index; use Expand.");
        }

        return outputs[0];
    }

    /// <summary>The public form with its checksum: private keys are replaced by their public keys (xprv by xpub).</summary>
    public override string ToString() => ToString(includePrivate: false);

    /// <summary>The descriptor with its checksum; with <paramref name="includePrivate"/> WIF and xprv keys stay private. Never log that form.</summary>
    public string ToString(bool includePrivate)
    {
        var builder = new StringBuilder();
        _root.WriteTo(builder, includePrivate, Network);
        return DescriptorChecksum.AddChecksum(builder.ToString());
    }
}
