using Google.Protobuf;
using TradeNode.Core.Errors;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Protocol;
using Wire = TradeNode.Core.Protocol;

namespace TradeNode.Core.Market.Offers;

/// <summary>
/// Offers between the domain and the wire: <see cref="Validate"/> turns a draft into a body (or throws naming the
/// field), <see cref="TryDecode"/> turns a received item into an <see cref="Offer"/> applying the same rules.
/// </summary>
internal static class OfferCodec
{
    public static Wire.OfferBody Validate(OfferDraft draft, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.Direction is not (OfferDirection.Buy or OfferDirection.Sell))
        {
            throw new InvalidInputException("direction", "The field direction must be BUY or SELL.");
        }

        if (draft.AmountSats is < OfferRules.MinTradeSats or > OfferRules.MaxTradeSats)
        {
            throw new InvalidInputException("amount_sats", $"The field amount_sats must be between {OfferRules.MinTradeSats} and {OfferRules.MaxTradeSats} satoshis.");
        }

        var min = draft.MinAmountSats == 0 ? draft.AmountSats : draft.MinAmountSats;
        if (min < OfferRules.MinTradeSats || min > draft.AmountSats)
        {
            throw new InvalidInputException("min_amount_sats", $"The field min_amount_sats must be between {OfferRules.MinTradeSats} satoshis and amount_sats.");
        }

        if (draft.Price <= 0 || draft.Price > OfferRules.MaxPrice)
        {
            throw new InvalidInputException("price", $"The field price must be above 0 and at most {Currencies.Format(OfferRules.MaxPrice)}.");
        }

        if (Currencies.DecimalPlaces(draft.Price) > OfferRules.MaxPriceDecimals)
        {
            throw new InvalidInputException("price", $"The field price may have at most {OfferRules.MaxPriceDecimals} decimal places.");
        }

        var currency = MarketRules.Currency(draft.Currency, "currency");
        var method = PaymentMethods.Find(draft.PaymentMethodId)
            ?? throw new InvalidInputException("payment_method_id", $"The field payment_method_id names no known payment method; '{MarketRules.Shorten(draft.PaymentMethodId)}' is not one of {string.Join(", ", PaymentMethods.All.Select(m => m.Id))}.");
        if (!method.Supports(currency))
        {
            throw new InvalidInputException("payment_method_id", $"The field payment_method_id names {method.Id}, which does not pay in {currency} (it pays in {string.Join(", ", method.Currencies)}).");
        }

        var buyerDeposit = draft.BuyerDepositBps == 0 ? OfferRules.DefaultDepositBps : draft.BuyerDepositBps;
        var sellerDeposit = draft.SellerDepositBps == 0 ? OfferRules.DefaultDepositBps : draft.SellerDepositBps;
        CheckDeposit(buyerDeposit, "buyer_deposit_bps");
        CheckDeposit(sellerDeposit, "seller_deposit_bps");
        var terms = draft.Terms ?? string.Empty;
        if (terms.Length > OfferRules.MaxTermsChars)
        {
            throw new InvalidInputException("terms", $"The field terms is {terms.Length} characters long; at most {OfferRules.MaxTermsChars} are allowed.");
        }

        var arbitrators = MarketRules.Arbitrators(draft.Arbitrators, "arbitrators");
        var body = new Wire.OfferBody
        {
            Direction = draft.Direction == OfferDirection.Buy ? Wire.OfferDirection.Buy : Wire.OfferDirection.Sell,
            AmountSats = draft.AmountSats,
            MinAmountSats = min,
            Price = Currencies.Format(draft.Price),
            Currency = currency,
            PaymentMethod = method.Id,
            BuyerDepositBps = (uint)buyerDeposit,
            SellerDepositBps = (uint)sellerDeposit,
            CreatedUnixMs = created.ToUnixTimeMilliseconds(),
            Terms = terms,
        };
        body.Arbitrators.AddRange(arbitrators.Select(a => a.ToString()));
        return body;
    }

    /// <summary>The draft a valid body was made from (used to re-check received offers with the same rules).</summary>
    public static OfferDraft ToDraft(Wire.OfferBody body) => new()
    {
        Direction = body.Direction switch
        {
            Wire.OfferDirection.Buy => OfferDirection.Buy,
            Wire.OfferDirection.Sell => OfferDirection.Sell,
            _ => 0,
        },
        AmountSats = body.AmountSats,
        MinAmountSats = body.MinAmountSats == 0 ? -1 : body.MinAmountSats,
        Price = Currencies.TryParseDecimal(body.Price, out var price) ? price : -1,
        Currency = body.Currency,
        PaymentMethodId = body.PaymentMethod,
        BuyerDepositBps = body.BuyerDepositBps is 0 or > int.MaxValue ? -1 : (int)body.BuyerDepositBps,
        SellerDepositBps = body.SellerDepositBps is 0 or > int.MaxValue ? -1 : (int)body.SellerDepositBps,
        Arbitrators = body.Arbitrators,
        Terms = body.Terms,
    };

    /// <summary>
    /// The offer in <paramref name="content"/> (an OFFER item), or null with a reason when its key or body breaks a rule.
    /// </summary>
    public static Offer? TryDecode(ItemContent content, out string reason)
    {
        ArgumentNullException.ThrowIfNull(content);
        reason = string.Empty;
        if (content.Kind != ItemKind.Offer || !MarketRules.IsId(content.Key))
        {
            reason = "the item key is not an offer id";
            return null;
        }

        Wire.OfferBody body;
        try
        {
            body = Wire.OfferBody.Parser.ParseFrom(content.Body);
        }
        catch (InvalidProtocolBufferException e)
        {
            reason = e.Message;
            return null;
        }

        if (body.CreatedUnixMs <= 0 || body.CreatedUnixMs > content.CreatedUnixMs)
        {
            reason = "the offer's creation time is after the item's";
            return null;
        }

        try
        {
            var draft = ToDraft(body);
            var canonical = Validate(draft, DateTimeOffset.FromUnixTimeMilliseconds(body.CreatedUnixMs));
            var key = NodeKey.Create(content.Author.Span);
            return new Offer
            {
                Id = content.Key,
                MakerId = key.Id,
                MakerKey = key,
                Direction = draft.Direction,
                AmountSats = canonical.AmountSats,
                MinAmountSats = canonical.MinAmountSats,
                Price = draft.Price,
                Currency = canonical.Currency,
                PaymentMethodId = canonical.PaymentMethod,
                BuyerDepositBps = (int)canonical.BuyerDepositBps,
                SellerDepositBps = (int)canonical.SellerDepositBps,
                Terms = canonical.Terms,
                Arbitrators = [.. canonical.Arbitrators.Select(NodeId.Parse)],
                Created = DateTimeOffset.FromUnixTimeMilliseconds(body.CreatedUnixMs),
                Expires = DateTimeOffset.FromUnixTimeMilliseconds(content.ExpiresUnixMs),
                Sequence = content.Sequence,
            };
        }
        catch (Exception e) when (e is InvalidInputException or FormatException)
        {
            reason = e.Message;
            return null;
        }
    }

    private static void CheckDeposit(int bps, string field)
    {
        if (bps is < OfferRules.MinDepositBps or > OfferRules.MaxDepositBps)
        {
            throw new InvalidInputException(field, $"The field {field} must be between {OfferRules.MinDepositBps} and {OfferRules.MaxDepositBps} basis points (5% to 50%).");
        }
    }
}
