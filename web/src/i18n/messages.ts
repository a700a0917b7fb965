import type { Dictionaries } from './translate';

/** Chinese is the source of truth: every key exists here first. */
export const zhCN = {
  'app.name': '通办',
  'app.fullName': '通办 · 互联网+政务服务',
  'app.loading': '正在加载…',

  'home.description':
    '一网通办：浏览服务事项与办事指南，网上申报、补正并查询办理进度；各部门的审批在同一流程引擎上运行。',
  'home.login': '登录',
  'home.enterConsole': '进入工作台',
  'home.signedInAs': '当前用户：{name}',
  'home.noAreas': '您的账号尚未分配可用的功能，请联系系统管理员。',

  'login.title': '登录通办',
  'login.subtitle': '申请人与工作人员使用同一入口登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.failed': '登录失败',
  'login.backHome': '返回首页',

  'session.passwordExpired': '您的密码已过期，修改密码之前大部分功能不可用。',

  'layout.navigation': '主导航',
  'layout.openMenu': '打开菜单',
  'layout.logout': '退出登录',
  'layout.language': '界面语言',
  'layout.roles': '角色',
  'layout.departments': '部门',

  'page.forbidden': '您当前的角色无权访问此页面。',
  'page.notFound': '您访问的页面不存在。',
  'page.backToConsole': '返回工作台',
  'page.backHome': '返回首页',

  'error.network': '无法连接服务器，请检查网络后重试。',
  'error.http': '请求失败（HTTP {status}），请稍后重试。',
  'error.unexpected': '操作失败，请稍后重试。',

  'area.empty': '该功能正在建设中，暂无内容。',
  'area.portal.description': '您提交的申请、草稿、补正通知、办理进度与评价将显示在这里。',
  'area.tasks.description': '待办、已办与办结任务列表，按时限显示红黄牌，可签收并办理受理、审查、决定等环节。',
  'area.cases.description':
    '办件管理：草稿箱、补正补齐、特别程序、不予许可、作废、退回与办结办件，以及办件详情和实时流程图。',
  'area.items.description': '政务服务事项目录的新增、变更、下放、拆分、暂停与取消，经编办、法制办、监察审核后生效。',
  'area.designer.description': '在浏览器中绘制、校验、部署 BPMN 审批流程并管理其版本。',
  'area.audit.description': '在流程图上查看每个办件的完整历史与操作日志，并校验防篡改审计链。',
  'area.calendar.description': '维护法定节假日与调休工作日，用于计算法定时限与承诺时限。',
  'area.admin.description': '用户、部门与角色管理，系统、安全、审计管理员三权分立。',
} as const;

export type MessageKey = keyof typeof zhCN;

/** Complete by type: the compiler reports any key added in Chinese but not translated here. */
export const en: Record<MessageKey, string> = {
  'app.name': 'Tongban',
  'app.fullName': 'Tongban · Internet + Government Services',
  'app.loading': 'Loading…',

  'home.description':
    'One-stop government services: browse service items and guides, apply online, supply corrections and follow progress; every department approves on the same workflow engine.',
  'home.login': 'Sign in',
  'home.enterConsole': 'Open the console',
  'home.signedInAs': 'Signed in as {name}',
  'home.noAreas': 'Your account has no area assigned yet. Please contact the system administrator.',

  'login.title': 'Sign in to Tongban',
  'login.subtitle': 'Applicants and staff sign in here',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.usernameRequired': 'Enter your username',
  'login.passwordRequired': 'Enter your password',
  'login.failed': 'Sign-in failed',
  'login.backHome': 'Back to the home page',

  'session.passwordExpired': 'Your password has expired; most functions stay unavailable until it is changed.',

  'layout.navigation': 'Main navigation',
  'layout.openMenu': 'Open the menu',
  'layout.logout': 'Sign out',
  'layout.language': 'Language',
  'layout.roles': 'Roles',
  'layout.departments': 'Departments',

  'page.forbidden': 'Your roles do not allow you to open this page.',
  'page.notFound': 'This page does not exist.',
  'page.backToConsole': 'Back to the console',
  'page.backHome': 'Back to the home page',

  'error.network': 'Cannot reach the server. Check the network and try again.',
  'error.http': 'The request failed (HTTP {status}). Please try again later.',
  'error.unexpected': 'Something went wrong. Please try again later.',

  'area.empty': 'This area is being built; there is nothing here yet.',
  'area.portal.description':
    'Your applications, drafts, correction notices, progress and evaluations will appear here.',
  'area.tasks.description':
    'To-do, done and completed task lists with red/yellow time-limit cards, to claim tasks and handle acceptance, review and decision steps.',
  'area.cases.description':
    'Case management: drafts, corrections, special procedures, refused, voided, returned and completed cases, with case detail and the live process diagram.',
  'area.items.description':
    'The service-item catalogue: add, change, delegate, split, suspend and cancel items, effective after review by the establishment office, legal affairs and supervision.',
  'area.designer.description': 'Draw, lint, deploy and version BPMN approval flows in the browser.',
  'area.audit.description':
    "Each case's full history on its process diagram, the operation log, and verification of the tamper-evident audit trail.",
  'area.calendar.description':
    'Public holidays and swapped working days, used to compute legal and promised time limits.',
  'area.admin.description':
    'Users, departments and roles, with separated duties for system, security and audit administrators.',
};

export const MESSAGES: Dictionaries<MessageKey> = { 'zh-CN': zhCN, en };
