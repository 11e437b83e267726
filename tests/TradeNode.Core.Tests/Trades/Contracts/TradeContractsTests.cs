using Google.Protobuf;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Scripting;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Tests.Trades.Contracts;

/// <summary>
/// A trade contract is what the arbitrator trusts in a dispute: both signatures must cover its exact bytes, and the
/// escrow keys of parties that were offline must be the ones derived from their published extended public keys.
/// </summary>
public sealed class TradeContractsTests : IDisposable
{
    private const string TradeId = "4b1d2c";

    private readonly NodeIdentity _buyer = NodeIdentity.Generate();
    private readonly NodeIdentity _seller = NodeIdentity.Generate();
    private readonly NodeIdentity _arbitrator = NodeIdentity.Generate();
    private readonly ExtKey _arbitratorAccount = ExtKey.CreateFromSeed(Enumerable.Repeat((byte)7, 32).ToArray());
    private readonly ExtKey _vendorAccount = ExtKey.CreateFromSeed(Enumerable.Repeat((byte)8, 32).ToArray());

    public void Dispose()
    {
        _buyer.Dispose();
        _seller.Dispose();
        _arbitrator.Dispose();
    }

    [Fact]
    public void A_consistent_contract_signed_by_both_traders_passes_and_defines_the_escrow()
    {
        var contract = Currency();
        var signed = SignBoth(contract);

        Assert.Empty(TradeContracts.CheckSigned(signed, Network.RegTest));
        var escrow = TradeContracts.ToEscrow(contract, Network.RegTest);
        Assert.Equal(1_000_000 + 150_000 + 150_000, escrow.AmountSats);
        Assert.Equal(new PubKey(contract.ArbitratorEscrowKey.Span), escrow.ArbitratorKey);
        Assert.Equal(64, TradeContracts.Hash(signed.Contract.Span).Length);
    }

    [Fact]
    public void A_changed_byte_or_a_signature_by_someone_else_is_refused()
    {
        var signed = SignBoth(Currency());
        var tampered = signed.Clone();
        var bytes = tampered.Contract.ToByteArray();
        var changed = TradeContract.Parser.ParseFrom(bytes);
        changed.AmountSats += 1;
        tampered.Contract = changed.ToByteString();

        Assert.Contains(TradeContracts.CheckSigned(tampered, Network.RegTest), p => p.Contains("buyer's signature", StringComparison.Ordinal));

        var forged = signed.Clone();
        forged.SellerSignature = ByteString.CopyFrom(TradeContracts.Sign(_arbitrator, signed.Contract.Span));
        var problems = TradeContracts.CheckSigned(forged, Network.RegTest);
        Assert.Contains(problems, p => p.Contains("seller's signature", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("buyer's signature", StringComparison.Ordinal));

        var garbage = new SignedTradeContract { Contract = ByteString.CopyFrom(0xFF, 0x01) };
        Assert.Single(TradeContracts.CheckSigned(garbage, Network.RegTest));
    }

    [Fact]
    public void An_arbitrator_key_not_derived_from_its_published_xpub_is_named()
    {
        var contract = Currency();
        contract.ArbitratorEscrowKey = ByteString.CopyFrom(new Key().PubKey.ToBytes());

        Assert.Contains(TradeContracts.Check(contract, Network.RegTest), p => p.Contains("arbitrator's escrow key is not the one derived", StringComparison.Ordinal));
    }

    [Fact]
    public void Goods_order_needs_the_vendor_key_derived_from_the_listing_xpub()
    {
        var contract = Currency();
        contract.Kind = TradeKind.Goods;
        Assert.Contains(TradeContracts.Check(contract, Network.RegTest), p => p.Contains("seller's escrow extended public key", StringComparison.Ordinal));

        contract.SellerEscrowXpub = _vendorAccount.Neuter().ToString(Network.RegTest);
        Assert.Contains(TradeContracts.Check(contract, Network.RegTest), p => p.Contains("seller's escrow key is not the one derived", StringComparison.Ordinal));

        contract.SellerEscrowKey = ByteString.CopyFrom(EscrowKeyDerivation.DerivePubKey(_vendorAccount.Neuter(), TradeId).ToBytes());
        Assert.Empty(TradeContracts.Check(contract, Network.RegTest));
    }

    [Fact]
    public void Same_node_twice_wrong_network_missing_payout_and_bad_amounts_are_each_named()
    {
        var contract = Currency();
        contract.SellerNodeKey = contract.BuyerNodeKey;
        contract.Network = "mainnet";
        contract.BuyerPayoutScript = ByteString.Empty;
        contract.AmountSats = 0;

        var problems = TradeContracts.Check(contract, Network.RegTest);

        Assert.Contains(problems, p => p.Contains("three different nodes", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("network 'mainnet'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("both payout destinations", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("amount must be positive", StringComparison.Ordinal));
    }

    private TradeContract Currency() => new()
    {
        TradeId = TradeId,
        Kind = TradeKind.Currency,
        Network = Network.RegTest.Name,
        BuyerNodeKey = ByteString.CopyFrom(_buyer.PublicKey.Span),
        SellerNodeKey = ByteString.CopyFrom(_seller.PublicKey.Span),
        ArbitratorNodeKey = ByteString.CopyFrom(_arbitrator.PublicKey.Span),
        AmountSats = 1_000_000,
        BuyerDepositSats = 150_000,
        SellerDepositSats = 150_000,
        Price = "62000.00",
        FiatAmount = "620.00",
        Currency = "EUR",
        PaymentMethodId = "SEPA",
        MaxTradePeriodSeconds = 6 * 24 * 3600,
        BuyerEscrowKey = ByteString.CopyFrom(new Key().PubKey.ToBytes()),
        SellerEscrowKey = ByteString.CopyFrom(new Key().PubKey.ToBytes()),
        ArbitratorEscrowKey = ByteString.CopyFrom(EscrowKeyDerivation.DerivePubKey(_arbitratorAccount.Neuter(), TradeId).ToBytes()),
        ArbitratorEscrowXpub = _arbitratorAccount.Neuter().ToString(Network.RegTest),
        BuyerPayoutScript = ByteString.CopyFrom(PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(new Key().PubKey).ToBytes()),
        SellerPayoutScript = ByteString.CopyFrom(PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(new Key().PubKey).ToBytes()),
        CreatedUnixMs = 1_790_000_000_000,
    };

    private SignedTradeContract SignBoth(TradeContract contract)
    {
        var bytes = contract.ToByteArray();
        return new SignedTradeContract
        {
            Contract = ByteString.CopyFrom(bytes),
            BuyerSignature = ByteString.CopyFrom(TradeContracts.Sign(_buyer, bytes)),
            SellerSignature = ByteString.CopyFrom(TradeContracts.Sign(_seller, bytes)),
        };
    }
}
