// The OpenAPI generator on its own: a route table in, a 3.1 document out.
import { expect } from 'chai';
import { openApiDocument, openApiPath, pathParameterNames } from '../../../src/http/openapi.js';
import type { RouteEntry } from '../../../src/http/route-table.js';

const route = (fields: Partial<RouteEntry> & Pick<RouteEntry, 'method' | 'url'>): RouteEntry => ({ takesUploads: false, roles: 'public', schema: undefined, ...fields });
const info = { title: 'test', version: '1' };

describe('OpenAPI document from the route table', () => {
  it('writes Fastify paths the OpenAPI way', () => {
    expect(openApiPath('/api/claims/:controlNumber')).to.equal('/api/claims/{controlNumber}');
    expect(openApiPath('/api/tasks/:id(^\\d+)/lease')).to.equal('/api/tasks/{id}/lease');
    expect(openApiPath('/board/static/*')).to.equal('/board/static/{path}');
    expect(pathParameterNames('/board/api/queues/:queueName/:jobId/retry')).to.deep.equal(['queueName', 'jobId']);
  });

  it('lists parameters, body and answers from the schema, with x-roles and the sign-in answers of a protected route', () => {
    const document = openApiDocument([route({
      method: 'PATCH', url: '/api/people/:login', roles: ['admin'],
      schema: {
        summary: 'Changes a person', tags: ['people'],
        params: { type: 'object', properties: { login: { type: 'string', description: 'their login' } } },
        querystring: { type: 'object', required: ['dryRun'], properties: { dryRun: { type: 'boolean' } } },
        body: { type: 'object', properties: { capacity: { type: 'integer' } } },
        response: { 200: { description: 'the change', type: 'object', properties: { changed: { type: 'array' } } } },
      },
    })], { info });
    const operation = document.paths['/api/people/{login}'].patch;
    expect(operation).to.deep.include({ operationId: 'patchApiPeopleByLogin', summary: 'Changes a person', tags: ['people'], 'x-roles': ['admin'], security: [{ bearerToken: [] }] });
    expect(operation.parameters).to.deep.equal([
      { name: 'login', in: 'path', required: true, schema: { type: 'string' }, description: 'their login' },
      { name: 'dryRun', in: 'query', required: true, schema: { type: 'boolean' } },
    ]);
    expect(operation.requestBody).to.deep.equal({ required: true, content: { 'application/json': { schema: { type: 'object', properties: { capacity: { type: 'integer' } } } } } });
    expect(operation.responses['200']).to.deep.equal({ description: 'the change', content: { 'application/json': { schema: { type: 'object', properties: { changed: { type: 'array' } } } } } });
    expect(Object.keys(operation.responses).sort()).to.deep.equal(['200', '400', '401', '403']);
    expect(operation.responses['401'].content!['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/Error' });
    expect(document.components.schemas.Error).to.have.property('required').that.deep.equals(['error']);
  });

  it('marks public routes open, describes uploads and optional bodies, and names path parameters of routes without a schema', () => {
    const document = openApiDocument([
      route({ method: 'GET', url: '/health', schema: { summary: 'health' } }),
      route({ method: 'POST', url: '/api/remittances', roles: ['operator', 'admin'], takesUploads: true }),
      route({ method: 'POST', url: '/api/claims/submit', roles: ['operator'], schema: { body: { type: ['object', 'null'] } } }),
      route({ method: 'GET', url: '/board/api/queues/:queueName/workers', roles: ['operator', 'admin'] }),
    ], { info });
    expect(document.paths['/health'].get).to.deep.include({ 'x-roles': 'public', security: [] });
    expect(document.paths['/health'].get.responses).to.have.keys(['default']);
    const upload = document.paths['/api/remittances'].post;
    expect(Object.keys(upload.requestBody!.content)).to.include.members(['application/edi-x12', 'text/plain']);
    expect(upload.summary).to.equal('POST /api/remittances');
    expect(document.paths['/api/claims/submit'].post.requestBody!.required).to.equal(false);
    expect(document.paths['/board/api/queues/{queueName}/workers'].get.parameters).to.deep.equal([{ name: 'queueName', in: 'path', required: true, schema: { type: 'string' } }]);
  });

  it('gives every operation its own id', () => {
    const document = openApiDocument([route({ method: 'GET', url: '/board' }), route({ method: 'GET', url: '/board/' })], { info });
    expect([document.paths['/board'].get.operationId, document.paths['/board/'].get.operationId]).to.deep.equal(['getBoard', 'getBoard2']);
  });
});
