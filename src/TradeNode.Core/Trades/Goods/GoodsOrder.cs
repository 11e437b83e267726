using Google.Protobuf;
using LiteDB;
using TradeNode.Bitcoin;
using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Goods;

/// <summary>
/// One goods order as this node sees it: a persisted state machine with one method per transition. Each method
/// checks the current state and throws <see cref="PreconditionFailedException"/> on an illegal move, so the protocol
/// is readable here in one place:
/// <code>
/// Funding -> Funded -> Accepted -> Fulfilled -> PayoutSigned -> PayoutPublished -> Completed
/// Funded | Accepted | Fulfilled -> RefundSigned -> RefundPublished -> Declined (declined before accepting) | Refunded
/// Funded -> RefundSigned -> RefundPublished -> Refused (the vendor's checks failed; it signed a refund with the refusal)
/// Funded -> EscrowNeedsDispute (buyer: refused without a refund the vendor could sign, or a decline whose refund fails the checks)
/// Accepted | Fulfilled | PayoutSigned | RefundSigned -> Disputed -> Resolved (a dispute; the arbitrator's payout)
/// Funded | EscrowNeedsDispute (buyer), Funded | AwaitingFunding | RefundSigned (vendor, never accepted) -> Disputed (buyer-only dispute: a refund)
/// AwaitingFunding -> Funded | Refused (vendor: the funding was not visible yet when the order arrived)
/// Funding -> Failed (the funding never left the wallet)
/// </code>
/// The contract, the funding outpoint and the role keys are public so a dispute service and ratings can use them.
/// </summary>
public sealed class GoodsOrder
{
    private GoodsOrder()
    {
    }

    /// <summary>The order id (chosen by the buyer); also the contract's trade id, from which the escrow keys' child index follows.</summary>
    public string Id { get; private set; } = string.Empty;

    /// <summary>This node's side.</summary>
    public OrderRole Role { get; private set; }

    /// <summary>Where the order stands.</summary>
    public OrderState State { get; private set; }

    /// <summary>The listing bought.</summary>
    public string ListingId { get; private set; } = string.Empty;

    /// <summary>The listing's title, as in the version bought.</summary>
    public string ListingTitle { get; private set; } = string.Empty;

    /// <summary>Units bought.</summary>
    public int Quantity { get; private set; }

    /// <summary>The chosen shipping option's name (empty for digital goods).</summary>
    public string ShippingOption { get; private set; } = string.Empty;

    /// <summary>Price of one unit, in satoshis.</summary>
    public long UnitPriceSats { get; private set; }

    /// <summary>The shipping option's price, in satoshis.</summary>
    public long ShippingSats { get; private set; }

    /// <summary>What the escrow holds: unit price times quantity plus shipping, in satoshis.</summary>
    public long AmountSats { get; private set; }

    /// <summary>
    /// For an order on a listing priced in fiat: unit price x quantity + shipping in the listing's currency, as the
    /// contract records it; null for a listing priced in satoshis.
    /// </summary>
    public FiatAmount? FiatTotal
    {
        get
        {
            var contract = Contract.Length == 0 ? null : ParsedContract();
            return contract is { Currency.Length: > 0 } && Currencies.TryParseDecimal(contract.FiatAmount, out var amount) ? new FiatAmount(contract.Currency, amount) : null;
        }
    }

    /// <summary>
    /// For an order on a listing priced in fiat: the rate in fiat per bitcoin the contract converts the fiat total at
    /// (<see cref="AmountSats"/> = ceil(total x 100,000,000 / rate)); null otherwise.
    /// </summary>
    public decimal? Rate
    {
        get
        {
            var contract = Contract.Length == 0 ? null : ParsedContract();
            return contract is { Currency.Length: > 0 } && Currencies.TryParseDecimal(contract.Price, out var rate) ? rate : null;
        }
    }

    /// <summary>The counterparty's Ed25519 node key (32 bytes).</summary>
    public byte[] PeerKey { get; private set; } = [];

    /// <summary>The serialized contract (a <see cref="TradeContract"/> of kind goods), exactly as signed.</summary>
    public byte[] Contract { get; private set; } = [];

    /// <summary>The buyer's signature over <see cref="Contract"/> (made when the order was placed).</summary>
    public byte[] BuyerSignature { get; private set; } = [];

    /// <summary>The vendor's signature over <see cref="Contract"/> (empty until the vendor accepts).</summary>
    public byte[] VendorSignature { get; private set; } = [];

    /// <summary>Where the vendor's payout goes (set by the vendor when it accepts).</summary>
    public byte[] VendorPayoutScript { get; private set; } = [];

    /// <summary>The shipping address, for the vendor; the buyer keeps its own copy.</summary>
    public string ShippingAddress { get; private set; } = string.Empty;

    /// <summary>The buyer's note to the vendor.</summary>
    public string BuyerNote { get; private set; } = string.Empty;

    /// <summary>The funding transaction id (hex).</summary>
    public string FundingTxid { get; private set; } = string.Empty;

    /// <summary>The escrow output's index in the funding transaction.</summary>
    public uint FundingIndex { get; private set; }

    /// <summary>The fully signed funding transaction (buyer), to re-broadcast.</summary>
    public byte[] FundingTransaction { get; private set; } = [];

    /// <summary>When this node saw the funding confirmed.</summary>
    public DateTimeOffset? FundingConfirmedAt { get; private set; }

    /// <summary>The vendor's tracking note.</summary>
    public string TrackingNote { get; private set; } = string.Empty;

    /// <summary>The payout PSBT (binary) as far as it is signed here.</summary>
    public byte[] PayoutPsbt { get; private set; } = [];

    /// <summary>The payout transaction id (hex), known once the payout is built.</summary>
    public string PayoutTxid { get; private set; } = string.Empty;

    /// <summary>The fully signed payout, when this node has it (to re-broadcast).</summary>
    public byte[] PayoutTransaction { get; private set; } = [];

    /// <summary>The refund PSBT (binary) as far as it is signed here.</summary>
    public byte[] RefundPsbt { get; private set; } = [];

    /// <summary>The refund transaction id (hex), known once the refund is built.</summary>
    public string RefundTxid { get; private set; } = string.Empty;

    /// <summary>The fully signed refund, when this node has it (to re-broadcast).</summary>
    public byte[] RefundTransaction { get; private set; } = [];

    /// <summary>True when the vendor declined the order (the refund then ends in <see cref="OrderState.Declined"/>).</summary>
    public bool Declined { get; private set; }

    /// <summary>True when the vendor refused the order and signed a refund with the refusal (the refund then ends in <see cref="OrderState.Refused"/>).</summary>
    public bool RefusedWithRefund { get; private set; }

    /// <summary>The vendor's reason for a decline, refund or refusal.</summary>
    public string RefundReason { get; private set; } = string.Empty;

    /// <summary>The last message this node sent for the order (serialized <see cref="OrderMessage"/>), re-sent on restart.</summary>
    public byte[] LastOutgoing { get; private set; } = [];

    /// <summary>Why the order was refused or failed, or why the last step was refused.</summary>
    public string LastError { get; private set; } = string.Empty;

    /// <summary>When the order started here.</summary>
    public DateTimeOffset Created { get; private set; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset Updated { get; private set; }

    /// <summary>True in <see cref="OrderState.Completed"/>, <see cref="OrderState.Refunded"/>, <see cref="OrderState.Declined"/>, <see cref="OrderState.Refused"/>, <see cref="OrderState.Failed"/> and <see cref="OrderState.Resolved"/>.</summary>
    public bool IsClosed => State is OrderState.Completed or OrderState.Refunded or OrderState.Declined or OrderState.Refused or OrderState.Failed or OrderState.Resolved;

    /// <summary>True when this node is the buyer.</summary>
    public bool IsBuyer => Role == OrderRole.Buyer;

    /// <summary>The reservation holding the buyer's coins for the funding.</summary>
    public string ReservationId => ReservationFor(Id);

    /// <summary>The escrow output (funding txid and index): what a rating names to prove the order happened on chain.</summary>
    public OutPoint FundingOutpoint => new(UInt256.Parse(FundingTxid), FundingIndex);

    /// <summary>The contract and the signatures this node has (the vendor's once it accepted): what a dispute hands the arbitrator.</summary>
    public SignedTradeContract SignedContract => new()
    {
        Contract = ByteString.CopyFrom(Contract),
        BuyerSignature = ByteString.CopyFrom(BuyerSignature),
        SellerSignature = ByteString.CopyFrom(VendorSignature),
    };

    /// <summary>The buyer's node key, as the contract records it.</summary>
    public NodeKey BuyerNodeKey => NodeKey.Create(ParsedContract().BuyerNodeKey.Span);

    /// <summary>The vendor's node key, as the contract records it.</summary>
    public NodeKey VendorNodeKey => NodeKey.Create(ParsedContract().SellerNodeKey.Span);

    /// <summary>The arbitrator's node key, as the contract records it.</summary>
    public NodeKey ArbitratorNodeKey => NodeKey.Create(ParsedContract().ArbitratorNodeKey.Span);

    /// <summary>The buyer's escrow key for this order.</summary>
    public PubKey BuyerEscrowKey => new(ParsedContract().BuyerEscrowKey.Span);

    /// <summary>The vendor's escrow key (derived from its published xpub at this order's child index).</summary>
    public PubKey VendorEscrowKey => new(ParsedContract().SellerEscrowKey.Span);

    /// <summary>The arbitrator's escrow key (derived from its published xpub at this order's child index).</summary>
    public PubKey ArbitratorEscrowKey => new(ParsedContract().ArbitratorEscrowKey.Span);

    /// <summary>The reservation id of order <paramref name="orderId"/>.</summary>
    public static string ReservationFor(string orderId) => $"order:{orderId}";

    /// <summary>The buyer's new order: the contract is signed by the buyer, the funding transaction signed; it is broadcast next.</summary>
    public static GoodsOrder StartFunding(OrderTerms terms, byte[] vendorKey, byte[] contract, byte[] buyerSignature, Transaction funding, uint fundingIndex,
        string shippingAddress, string note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(funding);
        var order = new GoodsOrder { Role = OrderRole.Buyer, State = OrderState.Funding, PeerKey = vendorKey, Created = now, Updated = now };
        order.SetTerms(terms, contract, buyerSignature, shippingAddress, note);
        order.FundingTxid = funding.GetHash().ToString();
        order.FundingIndex = fundingIndex;
        order.FundingTransaction = funding.ToBytes();
        return order;
    }

    /// <summary>
    /// The vendor's record of an order that passed its checks: the escrow is funded and the vendor decides next, or
    /// (<paramref name="fundingVisible"/> false) the funding output is not visible yet and the order waits for it.
    /// </summary>
    public static GoodsOrder StartReceived(OrderTerms terms, byte[] buyerKey, byte[] contract, byte[] buyerSignature, OutPoint funding, string shippingAddress, string note,
        DateTimeOffset now, bool fundingVisible = true)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(funding);
        var state = fundingVisible ? OrderState.Funded : OrderState.AwaitingFunding;
        var order = new GoodsOrder { Role = OrderRole.Vendor, State = state, PeerKey = buyerKey, Created = now, Updated = now };
        order.SetTerms(terms, contract, buyerSignature, shippingAddress, note);
        order.FundingTxid = funding.Hash.ToString();
        order.FundingIndex = funding.N;
        return order;
    }

    /// <summary>The vendor's record of an order it refused (so a repeated request gets the same answer); nothing was signed.</summary>
    public static GoodsOrder StartRefused(string id, byte[] buyerKey, string listingId, string reason, DateTimeOffset now) => new()
    {
        Id = id,
        Role = OrderRole.Vendor,
        State = OrderState.Refused,
        ListingId = listingId,
        PeerKey = buyerKey,
        LastError = reason,
        Created = now,
        Updated = now,
    };

    /// <summary>
    /// Vendor: the record of an order it refused whose escrow it could sign: the refund of the escrow to the buyer is
    /// signed (<paramref name="refundPsbt"/>) and goes out with the refusal; the chain settles it as refused.
    /// </summary>
    public static GoodsOrder StartRefusedWithRefund(string id, byte[] buyerKey, TradeContract contract, byte[] contractBytes, byte[] buyerSignature, OutPoint funding,
        string listingId, byte[] refundPsbt, string refundTxid, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(funding);
        return new GoodsOrder
        {
            Id = id,
            Role = OrderRole.Vendor,
            State = OrderState.RefundSigned,
            ListingId = listingId,
            Quantity = contract.Quantity,
            ShippingOption = contract.ShippingOption,
            ShippingSats = contract.ShippingSats,
            AmountSats = contract.AmountSats,
            PeerKey = buyerKey,
            Contract = contractBytes,
            BuyerSignature = buyerSignature,
            FundingTxid = funding.Hash.ToString(),
            FundingIndex = funding.N,
            RefundPsbt = refundPsbt,
            RefundTxid = refundTxid,
            RefusedWithRefund = true,
            RefundReason = reason,
            LastError = reason,
            Created = now,
            Updated = now,
        };
    }

    /// <summary>Vendor: the funding output of an order waiting for it is visible now, with the escrow's amount and script.</summary>
    public void MarkFundingSeen(DateTimeOffset now)
    {
        Require(OrderState.AwaitingFunding);
        Move(OrderState.Funded, now);
    }

    /// <summary>Vendor: the funding of an order waiting for it never showed (or does not match the escrow): refused with <paramref name="reason"/>.</summary>
    public void RefuseUnfunded(string reason, DateTimeOffset now)
    {
        Require(OrderState.AwaitingFunding);
        LastError = reason;
        Move(OrderState.Refused, now);
    }

    /// <summary>Buyer: the funding is on the network and the order is sent.</summary>
    public void MarkFunded(DateTimeOffset now)
    {
        Require(OrderState.Funding);
        Move(OrderState.Funded, now);
    }

    /// <summary>
    /// Buyer: the vendor refused the order with <paramref name="reason"/> and no refund this node could take: the
    /// escrow stays funded and needs a dispute.
    /// </summary>
    public void AwaitDispute(string reason, DateTimeOffset now)
    {
        Require(OrderState.Funded);
        LastError = reason;
        Move(OrderState.EscrowNeedsDispute, now);
    }

    /// <summary>Buyer: the vendor refused the order with <paramref name="reason"/> and signed the refund, which this node co-signed.</summary>
    public void RefuseWithRefund(byte[] refundPsbt, string refundTxid, string reason, DateTimeOffset now)
    {
        Require(OrderState.Funded);
        RefundPsbt = refundPsbt;
        RefundTxid = refundTxid;
        RefusedWithRefund = true;
        RefundReason = reason;
        LastError = reason;
        Move(OrderState.RefundSigned, now);
    }

    /// <summary>The vendor signed the contract and names its payout destination.</summary>
    public void Accept(byte[] vendorSignature, byte[] payoutScript, DateTimeOffset now)
    {
        Require(OrderState.Funded);
        VendorSignature = vendorSignature;
        VendorPayoutScript = payoutScript;
        Move(OrderState.Accepted, now);
    }

    /// <summary>The funding was seen confirmed; changes no state and is idempotent.</summary>
    public void ConfirmFunding(DateTimeOffset now)
    {
        if (FundingConfirmedAt is null)
        {
            FundingConfirmedAt = now;
            Updated = now;
        }
    }

    /// <summary>The vendor sent the goods.</summary>
    public void Fulfil(string trackingNote, DateTimeOffset now)
    {
        Require(OrderState.Accepted);
        TrackingNote = trackingNote;
        Move(OrderState.Fulfilled, now);
    }

    /// <summary>The buyer confirmed receipt and signed the payout (here, or received by the vendor); its txid is watched from now on.</summary>
    public void SignPayout(byte[] payoutPsbt, string payoutTxid, DateTimeOffset now)
    {
        Require(OrderState.Fulfilled);
        PayoutPsbt = payoutPsbt;
        PayoutTxid = payoutTxid;
        Move(OrderState.PayoutSigned, now);
    }

    /// <summary>The payout was broadcast; <paramref name="transaction"/> is the signed payout when this node has it.</summary>
    public void PublishPayout(byte[] transaction, DateTimeOffset now)
    {
        Require(OrderState.PayoutSigned);
        PayoutTransaction = transaction;
        Move(OrderState.PayoutPublished, now);
    }

    /// <summary>
    /// The vendor signed a refund of the escrow to the buyer (here, or received by the buyer): a decline of an order it
    /// has not accepted, or a refund later. The buyer takes a refund even after it signed the payout.
    /// </summary>
    public void SignRefund(byte[] refundPsbt, string refundTxid, bool declined, string reason, DateTimeOffset now)
    {
        if (declined)
        {
            Require(OrderState.Funded);
        }
        else if (IsBuyer)
        {
            Require(OrderState.Accepted, OrderState.Fulfilled, OrderState.PayoutSigned);
        }
        else
        {
            Require(OrderState.Accepted, OrderState.Fulfilled);
        }

        RefundPsbt = refundPsbt;
        RefundTxid = refundTxid;
        Declined = declined;
        RefundReason = reason;
        Move(OrderState.RefundSigned, now);
    }

    /// <summary>The refund was broadcast; <paramref name="transaction"/> is the signed refund when this node has it.</summary>
    public void PublishRefund(byte[] transaction, DateTimeOffset now)
    {
        Require(OrderState.RefundSigned);
        RefundTransaction = transaction;
        Move(OrderState.RefundPublished, now);
    }

    /// <summary>The chain shows the payout confirmed: the order is complete, whatever message was missed on the way.</summary>
    public void SettlePayout(DateTimeOffset now)
    {
        RequireOpen();
        if (PayoutTxid.Length == 0)
        {
            throw new PreconditionFailedException($"Order {Id} has no payout to settle.");
        }

        Move(OrderState.Completed, now);
    }

    /// <summary>The chain shows the refund confirmed: the order ends refused, declined or refunded.</summary>
    public void SettleRefund(DateTimeOffset now)
    {
        RequireOpen();
        if (RefundTxid.Length == 0)
        {
            throw new PreconditionFailedException($"Order {Id} has no refund to settle.");
        }

        Move(RefusedWithRefund ? OrderState.Refused : Declined ? OrderState.Declined : OrderState.Refunded, now);
    }

    /// <summary>
    /// A step failed with <paramref name="reason"/>. Before the funding left the wallet the order ends; afterwards the
    /// escrow may hold coins, so the order stays in its state with <see cref="LastError"/> set.
    /// </summary>
    public void Fail(string reason, DateTimeOffset now)
    {
        LastError = reason;
        if (State == OrderState.Funding)
        {
            Move(OrderState.Failed, now);
        }
        else
        {
            Updated = now;
        }
    }

    /// <summary>Records the message about to be sent, so a restart can send it again.</summary>
    public void RecordOutgoing(byte[] message, DateTimeOffset now)
    {
        LastOutgoing = message;
        Updated = now;
    }

    /// <summary>
    /// True while a dispute may be opened: the vendor signed the contract (accepted) and the escrow is funded, and
    /// neither the payout nor a refund is published.
    /// </summary>
    public bool CanBeDisputed => VendorSignature.Length > 0 && State is OrderState.Accepted or OrderState.Fulfilled or OrderState.PayoutSigned or OrderState.RefundSigned;

    /// <summary>The dispute's payout, once it is confirmed (<see cref="OrderState.Resolved"/>).</summary>
    public string DisputePayoutTxid { get; private set; } = string.Empty;

    /// <summary>
    /// True while only a buyer-only dispute fits (a refund through the arbitrator): the vendor never signed the
    /// contract, the escrow is funded and nothing spends it yet. Buyer: <see cref="OrderState.Funded"/> (the vendor is
    /// silent) or <see cref="OrderState.EscrowNeedsDispute"/>; vendor (told by the buyer): any state before accepting
    /// with a funding, including a refusal or decline whose refund the buyer never co-signed.
    /// </summary>
    public bool CanBeDisputedByBuyerOnly => VendorSignature.Length == 0 && FundingTxid.Length > 0 && Contract.Length > 0
        && (IsBuyer ? State is OrderState.Funded or OrderState.EscrowNeedsDispute : State is OrderState.Funded or OrderState.AwaitingFunding or OrderState.RefundSigned);

    /// <summary>
    /// Buyer: from when a buyer-only dispute may be opened: right away (reported as <see cref="Created"/>, a fixed time
    /// in the past) once the vendor refused without a refund it could sign (<see cref="OrderState.EscrowNeedsDispute"/>), else
    /// <paramref name="vendorResponsePeriod"/> after the funding's first confirmation. Null when it does not apply or
    /// the funding is not confirmed yet.
    /// </summary>
    public DateTimeOffset? BuyerOnlyDisputeFrom(TimeSpan vendorResponsePeriod) =>
        !IsBuyer || !CanBeDisputedByBuyerOnly ? null
        : State == OrderState.EscrowNeedsDispute ? Created
        : FundingConfirmedAt + vendorResponsePeriod;

    /// <summary>A dispute opened (here or by the other side): the order's normal steps are blocked from now on.</summary>
    /// <remarks>Also a buyer-only dispute (<see cref="CanBeDisputedByBuyerOnly"/>); when it may start is the order
    /// service's rule (<see cref="BuyerOnlyDisputeFrom"/>).</remarks>
    public void OpenDispute(DateTimeOffset now)
    {
        if (!CanBeDisputed && !CanBeDisputedByBuyerOnly)
        {
            throw new PreconditionFailedException($"Order {Id} is {State}; a dispute can be opened once the vendor accepted the funded order and before a payout or refund is published.");
        }

        Move(OrderState.Disputed, now);
    }

    /// <summary>The dispute's payout <paramref name="payoutTxid"/> is confirmed.</summary>
    public void ResolveDispute(string payoutTxid, DateTimeOffset now)
    {
        Require(OrderState.Disputed);
        DisputePayoutTxid = payoutTxid;
        Move(OrderState.Resolved, now);
    }

    /// <summary>The contract, parsed.</summary>
    public TradeContract ParsedContract() => TradeContract.Parser.ParseFrom(Contract);

    internal BsonDocument ToBson() => new()
    {
        ["_id"] = Id,
        ["role"] = Role.ToString(),
        ["state"] = State.ToString(),
        ["listing"] = ListingId,
        ["title"] = ListingTitle,
        ["quantity"] = Quantity,
        ["shipping"] = ShippingOption,
        ["unitPrice"] = UnitPriceSats,
        ["shippingSats"] = ShippingSats,
        ["amount"] = AmountSats,
        ["peer"] = PeerKey,
        ["contract"] = Contract,
        ["buyerSig"] = BuyerSignature,
        ["vendorSig"] = VendorSignature,
        ["vendorPayout"] = VendorPayoutScript,
        ["disputePayout"] = DisputePayoutTxid,
        ["address"] = ShippingAddress,
        ["note"] = BuyerNote,
        ["fundingTxid"] = FundingTxid,
        ["fundingIndex"] = (long)FundingIndex,
        ["fundingTx"] = FundingTransaction,
        ["fundingConfirmed"] = FundingConfirmedAt is { } c ? c.ToUnixTimeMilliseconds() : BsonValue.Null,
        ["tracking"] = TrackingNote,
        ["payoutPsbt"] = PayoutPsbt,
        ["payoutTxid"] = PayoutTxid,
        ["payoutTx"] = PayoutTransaction,
        ["refundPsbt"] = RefundPsbt,
        ["refundTxid"] = RefundTxid,
        ["refundTx"] = RefundTransaction,
        ["declined"] = Declined,
        ["refundReason"] = RefundReason,
        ["refused"] = RefusedWithRefund,
        ["outgoing"] = LastOutgoing,
        ["error"] = LastError,
        ["created"] = Created.ToUnixTimeMilliseconds(),
        ["updated"] = Updated.ToUnixTimeMilliseconds(),
    };

    internal static GoodsOrder FromBson(BsonDocument doc) => new()
    {
        Id = doc["_id"].AsString,
        Role = Enum.Parse<OrderRole>(doc["role"].AsString),
        State = Enum.Parse<OrderState>(doc["state"].AsString),
        ListingId = doc["listing"].AsString,
        ListingTitle = doc["title"].AsString,
        Quantity = doc["quantity"].AsInt32,
        ShippingOption = doc["shipping"].AsString,
        UnitPriceSats = doc["unitPrice"].AsInt64,
        ShippingSats = doc["shippingSats"].AsInt64,
        AmountSats = doc["amount"].AsInt64,
        PeerKey = doc["peer"].AsBinary,
        Contract = doc["contract"].AsBinary,
        BuyerSignature = doc["buyerSig"].AsBinary,
        VendorSignature = doc["vendorSig"].AsBinary,
        VendorPayoutScript = doc["vendorPayout"].AsBinary,
        DisputePayoutTxid = doc["disputePayout"].AsString ?? string.Empty,
        ShippingAddress = doc["address"].AsString,
        BuyerNote = doc["note"].AsString,
        FundingTxid = doc["fundingTxid"].AsString,
        FundingIndex = (uint)doc["fundingIndex"].AsInt64,
        FundingTransaction = doc["fundingTx"].AsBinary,
        FundingConfirmedAt = doc["fundingConfirmed"].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(doc["fundingConfirmed"].AsInt64),
        TrackingNote = doc["tracking"].AsString,
        PayoutPsbt = doc["payoutPsbt"].AsBinary,
        PayoutTxid = doc["payoutTxid"].AsString,
        PayoutTransaction = doc["payoutTx"].AsBinary,
        RefundPsbt = doc["refundPsbt"].AsBinary,
        RefundTxid = doc["refundTxid"].AsString,
        RefundTransaction = doc["refundTx"].AsBinary,
        Declined = doc["declined"].AsBoolean,
        RefundReason = doc["refundReason"].AsString,
        RefusedWithRefund = doc["refused"].IsBoolean && doc["refused"].AsBoolean,
        LastOutgoing = doc["outgoing"].AsBinary,
        LastError = doc["error"].AsString,
        Created = DateTimeOffset.FromUnixTimeMilliseconds(doc["created"].AsInt64),
        Updated = DateTimeOffset.FromUnixTimeMilliseconds(doc["updated"].AsInt64),
    };

    private void SetTerms(OrderTerms terms, byte[] contract, byte[] buyerSignature, string shippingAddress, string note)
    {
        Id = terms.OrderId;
        ListingId = terms.ListingId;
        ListingTitle = terms.ListingTitle;
        Quantity = terms.Quantity;
        ShippingOption = terms.ShippingOption;
        UnitPriceSats = terms.UnitPriceSats;
        ShippingSats = terms.ShippingSats;
        AmountSats = terms.AmountSats;
        Contract = contract;
        BuyerSignature = buyerSignature;
        ShippingAddress = shippingAddress;
        BuyerNote = note;
    }

    private void RequireOpen()
    {
        if (IsClosed)
        {
            throw new PreconditionFailedException($"Order {Id} is {State} already.");
        }
    }

    private void Require(params OrderState[] allowed)
    {
        if (!allowed.Contains(State))
        {
            throw new PreconditionFailedException($"Order {Id} is {State}; this step needs it to be {string.Join(" or ", allowed)}.");
        }
    }

    private void Move(OrderState state, DateTimeOffset now)
    {
        State = state;
        Updated = now;
    }
}
