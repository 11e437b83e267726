using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary>
/// What a vendor writes about a listing, as options of <c>listings create</c> and <c>listings update</c>. Update
/// starts from the listing's current content and replaces only what is given; a repeatable option given at all
/// replaces the whole list.
/// </summary>
internal sealed class ListingContentOptions
{
    private readonly Option<string> _title = new("--title") { Description = "Title, at most 120 characters.", HelpName = "text" };

    private readonly Option<string> _description = new("--description") { Description = "Description, at most 8,000 characters.", HelpName = "text" };

    private readonly Option<string[]> _tags = new("--tag")
    {
        Description = "A tag, lower case (repeatable, at most 10).",
        HelpName = "tag",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<ItemCondition> _condition = new("--condition")
    {
        Description = "new, used, refurbished or digital (nothing shipped).",
        HelpName = "condition",
        CustomParser = ClientParsers.ParseCondition,
    };

    private readonly Option<Price?> _price = new("--price")
    {
        Description = "Price of one unit: sats (50000), bitcoin (0.0005btc) or fiat (25.00EUR).",
        HelpName = "price",
        CustomParser = ClientParsers.ParsePrice,
    };

    private readonly Option<int?> _quantity = new("--quantity")
    {
        Description = "Units available (default 1).",
        HelpName = "n",
        CustomParser = result => OptionParsers.ParseInt(result, "--quantity", 1, 1_000_000),
    };

    private readonly Option<string[]> _shipping = new("--shipping")
    {
        Description = "A shipping option NAME:REGIONS:PRICE, regions ISO country codes or WORLD, e.g. Standard:DE,AT:5000 (repeatable; needed unless digital).",
        HelpName = "option",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string[]> _arbitrators = new("--arbitrator")
    {
        Description = "An arbitrator the vendor accepts, by node id (repeatable; at least one).",
        HelpName = "node-id",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string> _terms = new("--terms") { Description = "Terms of sale.", HelpName = "text" };

    private readonly Option<string> _refundPolicy = new("--refund-policy") { Description = "Refund policy.", HelpName = "text" };

    public ListingContentOptions(Command command)
    {
        command.Options.Add(_title);
        command.Options.Add(_description);
        command.Options.Add(_tags);
        command.Options.Add(_condition);
        command.Options.Add(_price);
        command.Options.Add(_quantity);
        command.Options.Add(_shipping);
        command.Options.Add(_arbitrators);
        command.Options.Add(_terms);
        command.Options.Add(_refundPolicy);
    }

    /// <summary>True when at least one content option was given (an update with none changes nothing).</summary>
    public bool AnyGiven(ParseResult parseResult) =>
        new Option[] { _title, _description, _tags, _condition, _price, _quantity, _shipping, _arbitrators, _terms, _refundPolicy }
            .Any(option => Given(parseResult, option));

    /// <summary>Replaces the fields of <paramref name="content"/> whose options were given.</summary>
    public ListingContent Apply(ParseResult parseResult, ListingContent content)
    {
        if (parseResult.GetValue(_title) is { } title)
        {
            content.Title = title;
        }

        if (parseResult.GetValue(_description) is { } description)
        {
            content.Description = description;
        }

        if (Given(parseResult, _tags) && parseResult.GetValue(_tags) is { } tags)
        {
            content.Tags.Clear();
            content.Tags.AddRange(tags.Select(tag => tag.Trim().ToLowerInvariant()));
        }

        if (Given(parseResult, _condition))
        {
            content.Condition = parseResult.GetValue(_condition);
        }

        if (parseResult.GetValue(_price) is { } price)
        {
            content.Price = price;
        }

        if (parseResult.GetValue(_quantity) is { } quantity)
        {
            content.Quantity = quantity;
        }

        if (Given(parseResult, _shipping) && parseResult.GetValue(_shipping) is { } shipping)
        {
            content.ShippingOptions.Clear();
            content.ShippingOptions.AddRange(shipping.Select(ClientParsers.ParseShipping));
        }

        if (Given(parseResult, _arbitrators) && parseResult.GetValue(_arbitrators) is { } arbitrators)
        {
            content.ArbitratorNodeIds.Clear();
            content.ArbitratorNodeIds.AddRange(arbitrators);
        }

        if (parseResult.GetValue(_terms) is { } terms)
        {
            content.Terms = terms;
        }

        if (parseResult.GetValue(_refundPolicy) is { } refundPolicy)
        {
            content.RefundPolicy = refundPolicy;
        }

        return content;
    }

    /// <summary>True when the option is on the command line (a repeatable option not given reads as an empty list, not as "unchanged").</summary>
    private static bool Given(ParseResult parseResult, Option option) => parseResult.GetResult(option) is { Implicit: false };
}
