using System.Security.Cryptography;

namespace TradeNode.Core.Wallet;

/// <summary>
/// The node identity seed a wallet derives from its BIP39 seed, so restoring the wallet from its mnemonic restores the
/// node id (and with it the author of the node's offers and listings, its mailbox address and its reputation).
/// </summary>
/// <remarks>
/// HKDF-SHA256 (RFC 5869) over the 64-byte BIP39 seed with its own salt and info string. It is one-way: the node seed
/// is written to DATADIR/node.seed in clear (owner-only) so the node can start without the wallet password, and
/// knowing it tells nothing about the wallet seed or any BIP32 key (inverting HKDF means inverting HMAC-SHA256). It
/// is domain separated: BIP32 derives the master key with HMAC-SHA512 keyed "Bitcoin seed", a different function and
/// key, so no wallet key equals or relates to the node seed, and the node's Ed25519 and X25519 keys are derived from
/// the node seed with further info strings (<see cref="P2P.Identity.NodeIdentity.FromSeed"/>).
/// </remarks>
public static class NodeIdentitySeed
{
    /// <summary>The length of the node seed (<see cref="P2P.Identity.NodeIdentity.MinSeedLength"/>).</summary>
    public const int Length = 32;

    private static readonly byte[] Salt = "tradenode/wallet-seed"u8.ToArray();
    private static readonly byte[] Info = "tradenode/node-identity/v1"u8.ToArray();

    /// <summary>The node seed of the BIP39 seed <paramref name="walletSeed"/>; the same wallet seed always gives the same node seed.</summary>
    public static byte[] FromWalletSeed(ReadOnlySpan<byte> walletSeed)
    {
        if (walletSeed.Length < 16)
        {
            throw new ArgumentException("A wallet seed has at least 16 bytes.", nameof(walletSeed));
        }

        var nodeSeed = new byte[Length];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, walletSeed, nodeSeed, Salt, Info);
        return nodeSeed;
    }
}
