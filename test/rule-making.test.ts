import { cannotMakeRules } from '../src/rule-making';

test.each([
  // by the name, without a roster kind
  ['东风镇', undefined, true],
  ['八道壕镇人民政府', undefined, true],
  ['南山乡', undefined, true],
  ['西湖街道办事处', undefined, true],
  ['平潭综合实验区金井片区', undefined, true],
  ['样例县交通运输局', undefined, true],
  ['样例县发展和改革委员会', undefined, true],
  ['样例县政务服务中心', undefined, true],
  ['淮安市', undefined, false],
  ['淮安市人民政府', undefined, false],
  ['洪泽区', undefined, false],
  ['样例县', undefined, false],
  ['江苏省', undefined, false],
  [null, undefined, false],
  // the roster's kind decides when there is one
  ['淮安市', 'township', true],
  ['某某', 'department', true],
  ['东风镇', 'county', false],
] as const)('cannotMakeRules(%p, %p) = %p', (agency, kind, expected) => {
  expect(cannotMakeRules(agency, kind)).toBe(expected);
});
