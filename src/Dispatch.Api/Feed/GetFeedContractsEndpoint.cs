using Dispatch.Api.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Feed;

/// <summary>Every integration contract with its JSON Schema and an example, and whether the caller is granted it.</summary>
public static class GetFeedContractsEndpoint
{
    [Authorize(Policy = Policies.Feed)]
    [WolverineGet("/feed/contracts")]
    [ProducesResponseType(typeof(IReadOnlyList<ContractDescription>), StatusCodes.Status200OK)]
    public static IResult Get(HttpContext http) => Results.Ok(ContractDocumentation.Describe(FeedQuery.Granted(http.User)));
}
