using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary>The listing query of <c>listings search</c> and <c>listings watch</c>.</summary>
internal sealed class ListingQueryOptions
{
    private readonly Option<string> _text = new("--text")
    {
        Description = "Words that must all appear in the title, description or tags (case-insensitive).",
        HelpName = "words",
    };

    private readonly Option<string[]> _tags = new("--tag")
    {
        Description = "A tag the listing must have (repeatable: all must match).",
        HelpName = "tag",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string> _vendor = new("--vendor") { Description = "Only this vendor's listings (node id tn1...).", HelpName = "node-id" };

    private readonly Option<ItemCondition> _condition = new("--condition")
    {
        Description = "Only listings in this condition: new, used, refurbished or digital.",
        HelpName = "condition",
        CustomParser = ClientParsers.ParseCondition,
    };

    public ListingQueryOptions(Command command)
    {
        command.Options.Add(_text);
        command.Options.Add(_tags);
        command.Options.Add(_vendor);
        command.Options.Add(_condition);
    }

    public ListingQuery Read(ParseResult parseResult)
    {
        var query = new ListingQuery
        {
            Text = parseResult.GetValue(_text) ?? string.Empty,
            VendorNodeId = parseResult.GetValue(_vendor) ?? string.Empty,
            Condition = parseResult.GetValue(_condition),
        };
        query.Tags.AddRange((parseResult.GetValue(_tags) ?? []).Select(tag => tag.Trim().ToLowerInvariant()));
        return query;
    }
}
