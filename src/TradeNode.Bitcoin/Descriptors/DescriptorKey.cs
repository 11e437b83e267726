using TradeNode.Bitcoin.Bip32;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>
/// A public key a descriptor produced for one index, with where it comes from: the master key fingerprint and the
/// full path (BIP380). Without a written origin the fingerprint is the key's own (an extended key's, or the hex key's)
/// and the path starts there, as Bitcoin Core does; PSBT's BIP32 derivation fields take this origin as is.
/// </summary>
public sealed class DescriptorKey
{
    internal DescriptorKey(PubKey pubKey, RootedKeyPath origin, Key? privateKey)
    {
        PubKey = pubKey;
        Origin = origin;
        PrivateKey = privateKey;
    }

    public PubKey PubKey { get; }

    public RootedKeyPath Origin { get; }

    /// <summary>The private key when the descriptor holds one (WIF or xprv), else null.</summary>
    public Key? PrivateKey { get; }

    /// <summary>Never prints the private key.</summary>
    public override string ToString() => $"[{Origin}]{PubKey}";
}
