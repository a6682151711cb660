using Dispatch.Domain.Access;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Dispatch.Api.Access;

public static class GetApiKeysEndpoint
{
    [Authorize(Policy = Policies.ReadKeys)]
    [WolverineGet("/api-keys")]
    public static async Task<IReadOnlyList<ApiKeyView>> Get(IQuerySession session, CancellationToken cancellation) =>
        (await session.Query<ApiKeyState>().ToListAsync(cancellation))
        .OrderBy(k => k.IssuedAt).ThenBy(k => k.Id).Select(ApiKeyView.From).ToList();
}
