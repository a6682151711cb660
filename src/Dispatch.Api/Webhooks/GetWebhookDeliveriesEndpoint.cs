using System.Globalization;
using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Integration;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Webhooks;

public sealed record WebhookDeliveries(Guid WebhookId, IReadOnlyList<WebhookDelivery> Deliveries);

/// <summary>
/// The attempt log of a webhook: its deliveries, newest event first, each with status (<c>pending</c>, <c>delivered</c>,
/// <c>failed</c>, <c>dropped</c>) and every attempt (number, time, status code or error, duration, next attempt).
/// </summary>
public static class GetWebhookDeliveriesEndpoint
{
    public const int DefaultLimit = 100, MaxLimit = 1000;

    /// <param name="limit">How many deliveries, newest event first: 1 to 1000, default 100.</param>
    /// <param name="status">Only deliveries in this state: pending, delivered, failed or dropped.</param>
    [Authorize(Policy = Policies.ReadWebhooks)]
    [WolverineGet("/webhooks/{id}/deliveries")]
    [EndpointDescription("The webhook's deliveries, newest event first, each with every attempt. Query: `limit` (1-1000, default 100), " +
                         "`status` (pending, delivered, failed, dropped). Example: `GET /webhooks/{id}/deliveries?status=failed&limit=20`.")]
    [ProducesResponseType(typeof(WebhookDeliveries), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, [FromQuery] string? limit, [FromQuery] string? status, HttpContext http,
        IQuerySession session, CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string[]>();
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
            errors["limit"] = [$"must be a whole number from 1 to {MaxLimit}"];
        string[] states = [WebhookDelivery.Pending, WebhookDelivery.Delivered, WebhookDelivery.Failed, WebhookDelivery.Dropped];
        if (status is not null && !states.Contains(status)) errors["status"] = [$"must be one of {string.Join(", ", states)}"];
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        var webhook = await session.LoadAsync<WebhookState>(id, cancellation);
        if (webhook is null || !WebhookView.MaySee(http.User, http.Caller().Actor, webhook)) return Problems.NotFound($"Webhook {id}", http);
        var query = session.Query<WebhookDelivery>().Where(d => d.WebhookId == id);
        if (status is not null) query = query.Where(d => d.Status == status);
        var deliveries = await query.OrderByDescending(d => d.Sequence).Take(size).ToListAsync(cancellation);
        return Results.Ok(new WebhookDeliveries(id, deliveries));
    }
}
