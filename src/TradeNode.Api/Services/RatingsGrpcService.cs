using Grpc.Core;
using TradeNode.Api.Mapping;
using TradeNode.Api.V1;
using TradeNode.Core.Errors;
using TradeNode.Core.Node;
using Rating = TradeNode.Api.V1.Rating;

namespace TradeNode.Api.Services;

/// <summary>The Ratings service over the runtime's <see cref="Core.Trades.Ratings.RatingService"/>.</summary>
public sealed class RatingsGrpcService(NodeRuntime runtime) : V1.Ratings.RatingsBase
{
    public override async Task<Rating> Publish(PublishRatingRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(request.TradeId))
        {
            throw new InvalidInputException("trade_id", "The field trade_id is required.");
        }

        var rating = await runtime.Ratings.PublishAsync(request.TradeId.Trim(), request.Stars, request.Text, context.CancellationToken).ConfigureAwait(false);
        return RatingMapping.ToApi(rating);
    }

    public override async Task<ListRatingsResponse> List(ListRatingsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var vendor = CommonMapping.ParseNodeId(request.VendorNodeId, "vendor_node_id");
        var listingId = request.ListingId.Trim();
        if (vendor is null && listingId.Length == 0)
        {
            throw new InvalidInputException("vendor_node_id", "Give vendor_node_id, listing_id or both.");
        }

        var (ratings, summary) = await runtime.Ratings.ListAsync(vendor, listingId, context.CancellationToken).ConfigureAwait(false);
        var response = new ListRatingsResponse { Summary = RatingMapping.ToSummary(summary) };
        response.Ratings.AddRange(ratings.Select(RatingMapping.ToApi));
        return response;
    }
}
