using Microsoft.AspNetCore.Authorization;

namespace Dispatch.Api.Access;

/// <summary>
/// Refuses to start an API in which an endpoint names no policy (deny by default is then a fact, not a hope), or in
/// which no identity provider is configured.
/// </summary>
public sealed class AccessStartupCheck(EndpointDataSource endpoints, JwtSettings jwt) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        if (jwt.Incomplete is { } problem) throw new InvalidOperationException(problem);
        if (Unguarded(endpoints.Endpoints) is { Count: > 0 } unguarded)
            throw new InvalidOperationException($"These endpoints name no authorization policy: {string.Join(", ", unguarded)}. " +
                "Give each [Authorize(Policy = Policies.X)] (Dispatch.Api.Access.Policies).");
    };

    /// <summary>Endpoints with neither a named policy nor an explicit [AllowAnonymous].</summary>
    public static IReadOnlyList<string> Unguarded(IEnumerable<Endpoint> endpoints) =>
        [.. endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null
                        && !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Policy)))
            .Select(e => e.DisplayName ?? e.RoutePattern.RawText ?? "?")];
}
