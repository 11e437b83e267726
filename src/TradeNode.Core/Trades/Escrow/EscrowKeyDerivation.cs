using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Bip32;

namespace TradeNode.Core.Trades.Escrow;

/// <summary>
/// How every party finds the escrow key of a party that may be offline: a vendor or arbitrator publishes the extended
/// public key of its escrow account, and the key for one trade is that key's non-hardened child at an index computed
/// from the trade id. The index is public, so anyone with the contract can re-derive and check every key.
/// </summary>
public static class EscrowKeyDerivation
{
    private const string DomainTag = "tradenode/escrow-index/v1\n";

    /// <summary>The non-hardened child index (0 to 2^31 - 1) of <paramref name="tradeId"/>: the first four bytes of
    /// SHA-256(domain tag, trade id), with the hardened bit cleared.</summary>
    public static uint ChildIndex(string tradeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tradeId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(DomainTag + tradeId));
        return BinaryPrimitives.ReadUInt32BigEndian(hash) & 0x7FFF_FFFFu;
    }

    /// <summary>The escrow public key of the owner of <paramref name="accountKey"/> for <paramref name="tradeId"/>.</summary>
    public static PubKey DerivePubKey(ExtPubKey accountKey, string tradeId)
    {
        ArgumentNullException.ThrowIfNull(accountKey);
        return accountKey.Derive(ChildIndex(tradeId)).PubKey;
    }

    /// <summary>The private key matching <see cref="DerivePubKey"/>, for the owner of the account's private key.</summary>
    public static Key DeriveKey(ExtKey accountKey, string tradeId)
    {
        ArgumentNullException.ThrowIfNull(accountKey);
        return accountKey.Derive(ChildIndex(tradeId)).PrivateKey;
    }
}
