using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Contracts;

/// <summary>
/// Signing, verifying and checking trade contracts. A contract is signed over its exact bytes with a domain tag, so
/// a signature for a contract can never pass for anything else; both traders sign, and the arbitrator checks both
/// signatures and re-derives the escrow before it decides anything.
/// </summary>
public static class TradeContracts
{
    private static readonly byte[] DomainTag = Encoding.ASCII.GetBytes("tradenode/contract/v1\n");

    /// <summary>SHA-256 of the contract bytes, hex: the name both parties and the arbitrator use for one agreement.</summary>
    public static string Hash(ReadOnlySpan<byte> contractBytes) => Convert.ToHexStringLower(SHA256.HashData(contractBytes));

    /// <summary>The signature of <paramref name="signer"/> over the contract bytes.</summary>
    public static byte[] Sign(NodeIdentity signer, ReadOnlySpan<byte> contractBytes)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return signer.Sign(SigningBytes(contractBytes));
    }

    /// <summary>True when <paramref name="signature"/> is <paramref name="signer"/>'s signature over the contract bytes.</summary>
    public static bool Verify(NodeKey signer, ReadOnlySpan<byte> contractBytes, ReadOnlySpan<byte> signature) =>
        signature.Length == NodeKey.SignatureLength && signer.Verify(SigningBytes(contractBytes), signature);

    /// <summary>
    /// Everything wrong with <paramref name="signed"/>, as sentences: the contract must parse, pass
    /// <see cref="Check"/>, and carry valid signatures of both the buyer and the seller named in it.
    /// </summary>
    public static IReadOnlyList<string> CheckSigned(SignedTradeContract signed, Network network)
    {
        ArgumentNullException.ThrowIfNull(signed);
        TradeContract contract;
        try
        {
            contract = TradeContract.Parser.ParseFrom(signed.Contract);
        }
        catch (InvalidProtocolBufferException)
        {
            return ["The signed contract's bytes are not a trade contract."];
        }

        var problems = Check(contract, network).ToList();
        if (!NodeKey.TryCreate(contract.BuyerNodeKey.Span, out var buyer) || !Verify(buyer, signed.Contract.Span, signed.BuyerSignature.Span))
        {
            problems.Add("The buyer's signature on the contract is missing or wrong.");
        }

        if (!NodeKey.TryCreate(contract.SellerNodeKey.Span, out var seller) || !Verify(seller, signed.Contract.Span, signed.SellerSignature.Span))
        {
            problems.Add("The seller's signature on the contract is missing or wrong.");
        }

        return problems;
    }

    /// <summary>
    /// Everything wrong with <paramref name="contract"/> for <paramref name="network"/>, as sentences; empty when
    /// the escrow can be built from it: three distinct parties, positive amounts, valid distinct escrow keys, the
    /// arbitrator's key (and a vendor's, for goods) derived from the published extended public key at this trade's
    /// index, and payout scripts present (for goods, the buyer's: the vendor names its own when it accepts).
    /// </summary>
    /// <remarks>With <paramref name="checkSellerKey"/> false the seller's (vendor's) escrow key is not checked against the
    /// contract's vendor extended public key: a buyer-only dispute checks it against the listing's own instead and
    /// records a mismatch without refusing (a refund to the buyer needs no vendor key).</remarks>
    public static IReadOnlyList<string> Check(TradeContract contract, Network network, bool checkSellerKey = true)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(network);
        var problems = new List<string>();
        if (string.IsNullOrEmpty(contract.TradeId))
        {
            problems.Add("The contract has no trade id.");
        }

        if (contract.Network != network.Name)
        {
            problems.Add($"The contract is for network '{contract.Network}', not {network.Name}.");
        }

        if (contract.Kind == TradeKind.Unspecified)
        {
            problems.Add("The contract does not say whether it is a currency trade or a goods order.");
        }

        var nodeKeys = new[] { contract.BuyerNodeKey, contract.SellerNodeKey, contract.ArbitratorNodeKey };
        if (nodeKeys.Any(k => !NodeKey.TryCreate(k.Span, out _)))
        {
            problems.Add("A party's node key is not an Ed25519 public key.");
        }
        else if (nodeKeys.Select(k => k.ToBase64()).Distinct().Count() != 3)
        {
            problems.Add("The buyer, the seller and the arbitrator must be three different nodes.");
        }

        if (contract.AmountSats <= 0 || contract.BuyerDepositSats < 0 || contract.SellerDepositSats < 0
            || contract.AmountSats + contract.BuyerDepositSats + contract.SellerDepositSats > Money.MaxSatoshis)
        {
            problems.Add("The contract's amount must be positive and its deposits not negative.");
        }

        // A goods vendor may be offline when the buyer writes the contract: it names its payout destination when it
        // accepts (OrderAccepted), so a goods contract carries only the buyer's.
        if (contract.BuyerPayoutScript.IsEmpty || (contract.SellerPayoutScript.IsEmpty && contract.Kind != TradeKind.Goods))
        {
            problems.Add("The contract must name both payout destinations.");
        }

        if (contract.ArbitratorFeeBps is < 0 or > 10_000)
        {
            problems.Add("The arbitrator's fee must be between 0 and 10000 basis points.");
        }

        var keys = new List<PubKey>();
        foreach (var (bytes, role) in new[] { (contract.BuyerEscrowKey, "buyer"), (contract.SellerEscrowKey, "seller"), (contract.ArbitratorEscrowKey, "arbitrator") })
        {
            if (bytes.Length != 33 || !PubKey.TryCreate(bytes.Span, out var key))
            {
                problems.Add($"The {role}'s escrow key is not a compressed public key.");
            }
            else
            {
                keys.Add(key);
            }
        }

        if (keys.Count == 3 && keys.Distinct().Count() != 3)
        {
            problems.Add("The buyer, seller and arbitrator escrow keys must all differ.");
        }

        if (!string.IsNullOrEmpty(contract.TradeId))
        {
            CheckDerived(contract.ArbitratorEscrowXpub, contract.ArbitratorEscrowKey, contract.TradeId, network, "arbitrator", required: true, problems);
            if (checkSellerKey)
            {
                CheckDerived(contract.SellerEscrowXpub, contract.SellerEscrowKey, contract.TradeId, network, "seller", required: contract.Kind == TradeKind.Goods, problems);
            }
        }

        return problems;
    }

    /// <summary>The escrow the contract defines: its three keys and the amount plus both deposits.</summary>
    public static EscrowContract ToEscrow(TradeContract contract, Network network)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return EscrowContract.Create(
            network,
            new PubKey(contract.BuyerEscrowKey.Span),
            new PubKey(contract.SellerEscrowKey.Span),
            new PubKey(contract.ArbitratorEscrowKey.Span),
            checked(contract.AmountSats + contract.BuyerDepositSats + contract.SellerDepositSats));
    }

    /// <summary>
    /// The escrow of a stored contract, re-derived and checked before this node signs anything that spends it: the
    /// contract must pass <see cref="Check"/> and the escrow must hold <paramref name="ownKey"/>;
    /// <see cref="Errors.PreconditionFailedException"/> otherwise.
    /// </summary>
    /// <remarks><paramref name="checkSellerKey"/> as in <see cref="Check"/> (false for a buyer-only dispute's refund).</remarks>
    public static EscrowContract ToCheckedEscrow(TradeContract contract, Network network, PubKey ownKey, bool checkSellerKey = true)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(ownKey);
        var problems = Check(contract, network, checkSellerKey);
        if (problems.Count > 0)
        {
            throw new Errors.PreconditionFailedException("The contract does not check: " + string.Join(" ", problems));
        }

        var escrow = ToEscrow(contract, network);
        if (!escrow.Contains(ownKey))
        {
            throw new Errors.PreconditionFailedException("This node's escrow key is not in the escrow.");
        }

        return escrow;
    }

    private static void CheckDerived(string xpub, ByteString key, string tradeId, Network network, string role, bool required, List<string> problems)
    {
        if (string.IsNullOrEmpty(xpub))
        {
            if (required)
            {
                problems.Add($"The contract does not carry the {role}'s escrow extended public key.");
            }

            return;
        }

        if (!ExtPubKey.TryParse(xpub, network, out var accountKey))
        {
            problems.Add($"The {role}'s escrow extended public key does not parse for {network.Name}.");
            return;
        }

        if (!EscrowKeyDerivation.DerivePubKey(accountKey, tradeId).ToBytes().AsSpan().SequenceEqual(key.Span))
        {
            problems.Add($"The {role}'s escrow key is not the one derived from its published extended public key for this trade.");
        }
    }

    private static byte[] SigningBytes(ReadOnlySpan<byte> contractBytes) => [.. DomainTag, .. contractBytes];
}
