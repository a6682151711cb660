using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Integration;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Webhooks;

/// <summary>An integrator's own webhooks; readers and auditors see every webhook. Never a secret.</summary>
public static class GetWebhooksEndpoint
{
    [Authorize(Policy = Policies.ReadWebhooks)]
    [WolverineGet("/webhooks")]
    [ProducesResponseType(typeof(IReadOnlyList<WebhookView>), StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<WebhookView>> Get(HttpContext http, IQuerySession session, CancellationToken cancellation)
    {
        var actor = http.Caller().Actor;
        return (await session.Query<WebhookState>().ToListAsync(cancellation))
            .Where(w => WebhookView.MaySee(http.User, actor, w))
            .OrderBy(w => w.RegisteredAt).ThenBy(w => w.Id).Select(WebhookView.From).ToList();
    }
}
